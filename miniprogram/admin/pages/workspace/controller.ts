/**
 * 管理工作台: the rounds (tap one to edit it) and the other parts of the administrator's work. The admin function
 * answers only administrators; anyone else sees its refusal and nothing else.
 */
import { errorText } from '../../../services/api';
import { listRounds } from '../../services/admin';
import { roundCard, workspaceLinks, type RoundCard, type WorkspaceLink } from './workspace-view';

/** Everything the page renders. */
export interface WorkspaceVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  rounds: RoundCard[];
  links: WorkspaceLink[];
}

/** The controller of the workspace page. */
export class WorkspaceController {
  private vm: WorkspaceVM = { load: { state: 'loading', message: '' }, rounds: [], links: [] };
  private disposed = false;

  constructor(private readonly render: (vm: WorkspaceVM) => void) {}

  /** Loads the rounds; the links appear only once the function has answered the caller as an administrator. */
  async start(): Promise<void> {
    this.vm = { load: { state: 'loading', message: '' }, rounds: [], links: [] };
    this.emit();
    try {
      const rounds = await listRounds();
      // Newest first: the round being run is the one an administrator looks for.
      this.vm = {
        load: { state: 'ready', message: '' },
        rounds: rounds.map(roundCard).sort((a, b) => b.year - a.year),
        links: workspaceLinks(),
      };
    } catch (e) {
      this.vm = { load: { state: 'error', message: errorText(e) }, rounds: [], links: [] };
    }
    this.emit();
  }

  /** Opens a round or a link the page shows (never a URL from elsewhere). */
  open(url: string): void {
    if (this.vm.rounds.some((r) => r.links.some((l) => l.url === url)) || this.vm.links.some((l) => l.url === url))
      void wx.navigateTo({ url });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): WorkspaceVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
