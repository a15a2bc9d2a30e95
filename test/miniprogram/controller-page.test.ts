/**
 * utils/controller-page.ts: the page wiring every controller-backed page shares (initial data, 关怀模式, mount on
 * attach, dispose on detach, handlers reaching their own controller), checked on a fixture page.
 */
import path from 'path';
import { REPO, requireNow, settle, simulate, type SimNode } from './harness';

const FIXTURE = path.join(__dirname, 'fixtures/counter/counter');

type Counter = SimNode & { detach(): void };
interface FixtureModule {
  events: string[];
}

/** Loads the fixture afresh; returns its module (the instance the page runs) and a renderer. */
function load(): { mod: FixtureModule; render: () => Counter } {
  jest.resetModules();
  const id = simulate.load(FIXTURE, { compiler: 'simulate', rootPath: REPO });
  const mod = requireNow<FixtureModule>(FIXTURE);
  return {
    mod,
    render: () => {
      const comp = simulate.render(id) as Counter;
      comp.attach(document.createElement('parent-wrapper'));
      return comp;
    },
  };
}

function text(comp: SimNode, id: string): string {
  const el = comp.querySelector(`#${id}`);
  return el && el.dom ? (el.dom.textContent ?? '').trim() : '';
}

describe('controllerPage', () => {
  it("should start from the controller's first view model and carry the care behavior", () => {
    const page = load().render();
    expect(page.data.count).toBe(0);
    expect(text(page, 'count')).toBe('已点 0 次');
    expect(page.data.careStyle).toContain('--care-scale:');
  });

  it('should mount a controller on attach, run the attached option, and let handlers reach it', async () => {
    const { mod, render } = load();
    const page = render();
    expect(mod.events).toEqual(['start']);
    page.querySelector('#count')!.dispatchEvent('tap');
    page.querySelector('#count')!.dispatchEvent('tap');
    await settle();
    expect(page.data.count).toBe(2);
    expect(text(page, 'count')).toBe('已点 2 次');
  });

  it('should give each page instance its own controller', async () => {
    const { render } = load();
    const a = render();
    const b = render();
    a.querySelector('#count')!.dispatchEvent('tap');
    await settle();
    expect(a.data.count).toBe(1);
    expect(b.data.count).toBe(0);
  });

  it('should dispose the controller on detach and leave handlers with nothing to reach', () => {
    const { mod, render } = load();
    const page = render();
    expect(page.instance.hasController()).toBe(true);
    page.detach();
    expect(mod.events).toEqual(['start', 'dispose']);
    expect(page.instance.hasController()).toBe(false);
    page.instance.onAdd();
    expect(page.data.count).toBe(0);
  });
});
