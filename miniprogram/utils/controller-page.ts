/**
 * The wiring every controller-backed page shares, in one place: the page's `data` is the controller's first view model,
 * the 关怀模式 behavior is mixed in, the controller is mounted on attach (utils/mount.ts) and disposed on detach. A page
 * then only lists its event handlers, each reaching the controller through the `ctl` it is given.
 *
 * Pages stay `Component()` registrations (miniprogram-simulate renders them, and `Page` maps onto it in tests).
 */
import { careBehavior } from '../behaviors/care';
import { controllerOf, mount, unmount, type Controller } from './mount';

/** A controller a page can mount: it renders whole view models and can say what it would render now. */
export interface PageController<VM extends object> extends Controller {
  /** The view model as it stands (before any load: the page's initial `data`). */
  viewModel(): VM;
}

/** Reaches the page's controller from one of its handlers (pass `this`); null before attach and after detach. */
export type ControllerAccess<C> = (page: object) => C | null;

/** Builds a controller around the page's render function. */
export type ControllerFactory<VM extends object, C extends PageController<VM>> = (render: (vm: VM) => void) => C;

/** What a page may add to the shared wiring. */
export interface ControllerPageOptions<C> {
  /** Runs right after the controller is mounted, e.g. to start loading before `onLoad`. */
  attached?: (ctl: C) => void;
}

/**
 * Registers a controller-backed page with `Component()`.
 *
 * `make` is called once with a no-op render to take the initial `data`, then once per attached page instance.
 * `methods` receives the typed accessor and returns the page's handlers (`onLoad`, `onShow`, WXML event handlers…).
 *
 * @example
 * controllerPage((render) => new CasesController(render), (ctl) => ({
 *   onLoad() { void ctl(this)?.start(); },
 * }));
 */
export function controllerPage<
  VM extends object,
  C extends PageController<VM>,
  M extends WechatMiniprogram.Component.MethodOption,
>(
  make: ControllerFactory<VM, C>,
  methods: (ctl: ControllerAccess<C>) => M,
  options: ControllerPageOptions<C> = {},
): string {
  const initial = make(() => undefined).viewModel();
  const ctl: ControllerAccess<C> = (page) => controllerOf<C>(page);
  return Component({
    behaviors: [careBehavior],
    data: initial as unknown as Record<string, unknown>,
    lifetimes: {
      attached() {
        const c = mount(this, initial, make);
        if (options.attached) options.attached(c);
      },
      detached() {
        unmount(this);
      },
    },
    methods: methods(ctl),
  });
}
