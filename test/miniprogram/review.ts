/** Reviewing in the reviewer workspace (subpackage pages), as a journey does it. */
import { tapButton, textOf, waitFor, type Rendered } from './harness';
import { loaded, type World } from './world';

/** Opens the queue as `openid`, and decides every pending task through the task page with `decide`, then 提交. */
export async function reviewAll(
  w: World,
  openid: string,
  decide: (task: Rendered, head: string) => Promise<void>,
): Promise<string[]> {
  const done: string[] = [];
  for (;;) {
    const q = w.open('reviewer/pages/queue/queue', openid);
    await loaded(q, 'queue loaded');
    if (q.comp.data.load.state === 'empty') return done;
    if (q.comp.data.load.state !== 'ready') throw new Error(`queue of ${openid}: ${q.comp.data.load.message}`);
    const item = q.comp.data.items[0] as { taskId: string; head: string };
    const t = w.open('reviewer/pages/task/task', openid, { taskId: item.taskId });
    await loaded(t, 'task loaded');
    await decide(t, item.head);
    await tapButton(t, 'decide');
    await waitFor(() => t.comp.data.decision.op.state !== 'saving', 'decided', 400);
    if (t.comp.data.decision.op.state !== 'saved') throw new Error(`${item.head}: ${textOf(t, 'decision-message')}`);
    done.push(item.head);
  }
}
