/**
 * 个人信息保护指引 and 我的身份: shows the notice, asks WeChat's privacy authorization where the base library has it,
 * records the acceptance on the server (`privacy.accept`), then lets the person bind their identity (name, ID number,
 * mobile) so that entrustments naming them and their own cases find them. Pages that collect personal data send
 * the user here with `?next=<their url>` and get them back once accepted.
 */
import { maskIdCard, PRIVACY_NOTICE_VERSION } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { bindIdentity, getIdentity } from '../../../services/identity';
import {
  acceptPrivacy,
  agreeWithWechat,
  answerPrivacyNeed,
  listenForPrivacyNeeds,
  openPrivacyContract,
  privacyStatus,
  wechatPrivacySetting,
} from '../../../services/privacy';
import { isPageUrl } from '../../../routes';
import { errorWithFields } from '../../../utils/errors';
import { noProblems, personProblems, type PersonProblems } from '../../../utils/validate';
import { beijingDateTime } from '../../../utils/format';

/** Load state of a page or panel. */
export interface LoadView {
  state: 'loading' | 'ready' | 'error';
  message: string;
}

/** A save-like operation's state. */
export interface OpView {
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** The identity panel. */
export interface IdentityPanelView {
  load: LoadView;
  /** The bound identity as shown (ID masked on screen; the full number is the owner's and only in the form). */
  bound: { name: string; idMasked: string; mobile: string } | null;
  editing: boolean;
  fields: { name: string; idNumber: string; mobile: string };
  errors: PersonProblems;
  op: OpView;
}

/** Everything the page renders. */
export interface PrivacyVM {
  load: LoadView;
  version: string;
  accepted: boolean;
  /** `已于 2021-10-08 10:00 同意` or ''. */
  acceptedText: string;
  /** WeChat's privacy contract name when the base library reports one. */
  wechatContract: string;
  accept: OpView;
  /** Where 继续 leads after acceptance, or ''. */
  next: string;
  identity: IdentityPanelView;
}

const NO_PROBLEMS: PersonProblems = { name: '', idNumber: '', mobile: '' };

/** The controller of the privacy page. */
export class PrivacyController {
  private load: LoadView = { state: 'loading', message: '' };
  private accepted = false;
  private acceptedAt = '';
  private wechatContract = '';
  private accept: OpView = { state: 'idle', message: '' };
  private next = '';
  private identity: IdentityPanelView = {
    load: { state: 'loading', message: '' },
    bound: null,
    editing: false,
    fields: { name: '', idNumber: '', mobile: '' },
    errors: NO_PROBLEMS,
    op: { state: 'idle', message: '' },
  };
  private readonly acceptIds = new AttemptIds();
  private readonly bindIds = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: PrivacyVM) => void) {}

  /** `onLoad`: `next` is where to go back once accepted. */
  async start(next: string | null): Promise<void> {
    // Our own pages only (routes.ts), never an outside URL.
    this.next = next && isPageUrl(next) ? next : '';
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const [status, wechat] = await Promise.all([privacyStatus(), wechatPrivacySetting()]);
      this.accepted = status.accepted;
      this.acceptedAt = status.acceptedAt ?? '';
      this.wechatContract = wechat ? wechat.contractName : '';
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
    if (this.accepted) await this.loadIdentity();
  }

  /** 不同意: nothing is recorded; WeChat's pending request is declined; what still works is said. */
  decline(): void {
    answerPrivacyNeed(false);
    this.accept = {
      state: 'error',
      message: '您没有同意，不会记录任何个人信息。积分测算（不保存）和办事指南仍可使用；填写积分申请须先同意本指引',
    };
    this.emit();
  }

  /** 查看微信隐私保护指引 (WeChat's registered contract). */
  openContract(): void {
    openPrivacyContract();
  }

  /** Holds WeChat's privacy requests for this page's answer. */
  listen(): void {
    listenForPrivacyNeeds(() => this.emit());
  }

  /** 重试 after a failed load. */
  async retry(): Promise<void> {
    await this.start(this.next || null);
  }

  /** 同意并继续: WeChat's authorization first (where it exists), then the server's record. */
  async acceptNotice(): Promise<void> {
    if (this.accept.state === 'saving') return;
    this.accept = { state: 'saving', message: '' };
    this.emit();
    // WeChat already asked (onNeedPrivacyAuthorization): this tap is the answer; otherwise ask WeChat now. Once.
    if (!(await agreeWithWechat())) {
      this.accept = {
        state: 'error',
        message: '您没有同意微信的隐私授权，暂时不能填写个人信息；可以随时回到本页重新同意',
      };
      return this.emit();
    }
    try {
      const s = await acceptPrivacy(this.acceptIds.idFor(PRIVACY_NOTICE_VERSION));
      this.acceptIds.done();
      this.accepted = s.accepted;
      this.acceptedAt = s.acceptedAt ?? '';
      this.accept = { state: 'saved', message: '已同意本指引' };
    } catch (e) {
      this.accept = { state: 'error', message: errorText(e) };
      return this.emit();
    }
    this.emit();
    if (this.next) {
      void wx.redirectTo({ url: this.next });
      return;
    }
    await this.loadIdentity();
  }

  /** Loads the bound identity (after acceptance). */
  async loadIdentity(): Promise<void> {
    this.identity = { ...this.identity, load: { state: 'loading', message: '' } };
    this.emit();
    try {
      const id = await getIdentity();
      this.setBound(id);
      this.identity = { ...this.identity, load: { state: 'ready', message: '' }, editing: !id };
    } catch (e) {
      this.identity = { ...this.identity, load: { state: 'error', message: errorText(e) } };
    }
    this.emit();
  }

  private setBound(id: { name: string; idNumber: string; mobile: string } | null): void {
    this.identity = {
      ...this.identity,
      bound: id ? { name: id.name, idMasked: maskIdCard(id.idNumber), mobile: id.mobile } : null,
      fields: id ? { name: id.name, idNumber: id.idNumber, mobile: id.mobile } : this.identity.fields,
    };
  }

  /** 修改 my identity. */
  editIdentity(): void {
    this.identity = { ...this.identity, editing: true, op: { state: 'idle', message: '' } };
    this.emit();
  }

  /** An identity field typed. Errors show again only on save, so typing is not interrupted. */
  setIdentityField(key: string, value: string): void {
    if (key !== 'name' && key !== 'idNumber' && key !== 'mobile') return;
    this.identity = {
      ...this.identity,
      fields: { ...this.identity.fields, [key]: value },
      errors: { ...this.identity.errors, [key]: '' },
      op: this.identity.op.state === 'error' ? { state: 'idle', message: '' } : this.identity.op,
    };
    this.emit();
  }

  /** 保存我的身份. */
  async saveIdentity(): Promise<void> {
    if (this.identity.op.state === 'saving') return;
    const f = this.identity.fields;
    const input = { name: f.name.trim(), idNumber: f.idNumber.trim().toUpperCase(), mobile: f.mobile.trim() };
    const problems = personProblems(input);
    if (!noProblems(problems)) {
      this.identity = { ...this.identity, errors: problems, op: { state: 'error', message: '请按提示改正后再保存' } };
      return this.emit();
    }
    this.identity = { ...this.identity, errors: NO_PROBLEMS, op: { state: 'saving', message: '' } };
    this.emit();
    try {
      const id = await bindIdentity(input, this.bindIds.idFor(JSON.stringify(input)));
      this.bindIds.done();
      this.setBound(id);
      this.identity = { ...this.identity, editing: false, op: { state: 'saved', message: '已保存我的身份' } };
    } catch (e) {
      this.identity = { ...this.identity, op: { state: 'error', message: errorWithFields(e) } };
    }
    this.emit();
  }

  /** 继续办理 (after acceptance, when the page was opened with a `next`). */
  continueToNext(): void {
    if (this.accepted && this.next) void wx.redirectTo({ url: this.next });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): PrivacyVM {
    return {
      load: this.load,
      version: PRIVACY_NOTICE_VERSION,
      accepted: this.accepted,
      acceptedText:
        this.accepted && this.acceptedAt
          ? `已于 ${beijingDateTime(this.acceptedAt)} 同意本指引`
          : this.accepted
            ? '已同意本指引'
            : '',
      wechatContract: this.wechatContract,
      accept: this.accept,
      next: this.next,
      identity: this.identity,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
