/**
 * 凭证核验: anyone a voucher or a 准入通知书 is shown to (a clerk, an employer, a school, the household-registration
 * window) checks that it is genuine and current — by scanning its QR code (opened from it, the page gets
 * `?no=&code=`, or a mini program code's `scene`) or by typing the number and code. No login; the answer shows only
 * what the paper shows anyway; for a notice, its last valid day and, when it can no longer be used, why.
 */
import type { VoucherVerifyRes } from '../../../shared';
import {
  formatChineseDate,
  parseVerifyScene,
  VOUCHER_VERDICT_LABELS,
  type VerifyTarget,
  type VoucherVerdict,
} from '../../../shared/core';
import { errorText } from '../../services/api';
import { DOCUMENT_MESSAGES, scanVoucher, verifyVoucher } from '../../services/documents';

/** The answer as shown. */
export interface VerdictView {
  verdict: VoucherVerdict;
  /** valid: success; superseded / revoked: warning; unknown: error. */
  tone: 'ok' | 'warn' | 'error';
  text: string;
  /** 准入通知书 only: `有效期至 2022年5月1日`; empty for a voucher. */
  validUntil: string;
  /** 准入通知书 only: what the verdict means for its holder, in plain words; empty otherwise. */
  note: string;
  rows: { k: string; v: string }[];
}

/** Everything the page renders. */
export interface VerifyVM {
  no: string;
  code: string;
  state: 'idle' | 'checking' | 'done' | 'error';
  message: string;
  result: VerdictView | null;
}

const TONES: Record<VoucherVerdict, VerdictView['tone']> = {
  valid: 'ok',
  superseded: 'warn',
  revoked: 'warn',
  expired: 'warn',
  used: 'warn',
  unknown: 'error',
};

type Shown = NonNullable<VoucherVerifyRes['voucher']>;

/** What a notice's verdict means for whoever holds it or is shown it. */
function noticeNote(verdict: VoucherVerdict, until: string): string {
  if (verdict === 'valid') return `可在 ${until}（含当日）前凭本通知书到户籍窗口办理落户`;
  if (verdict === 'expired') return `本通知书的有效期到 ${until} 为止，已过期，不能再凭它办理落户`;
  if (verdict === 'used') return '本通知书已经用来办理了落户，不能再次使用';
  return '本通知书已撤销，不能凭它办理落户';
}

/** The rows of a 准入通知书: what the paper shows, the ID number masked as printed. */
function noticeRows(v: Shown): { k: string; v: string }[] {
  return [
    { k: '通知书编号', v: v.number },
    { k: '姓名', v: v.name },
    ...(v.idNumberMasked ? [{ k: '身份证号', v: v.idNumberMasked }] : []),
    { k: '积分年度', v: `${v.roundId}年度` },
    { k: '确认积分', v: `${v.total} 分` },
    { k: '出具日期', v: formatChineseDate(v.issuedOn) },
  ];
}

/** The answer of `voucher.verify` as rows (a notice also with its last valid day and a plain note). */
export function verdictView(res: VoucherVerifyRes): VerdictView {
  const v = res.voucher;
  const base = { verdict: res.verdict, tone: TONES[res.verdict], text: VOUCHER_VERDICT_LABELS[res.verdict] };
  if (v?.validUntil) {
    const until = formatChineseDate(v.validUntil);
    return { ...base, validUntil: `有效期至 ${until}`, note: noticeNote(res.verdict, until), rows: noticeRows(v) };
  }
  const rows = v
    ? [
        { k: '凭证编号', v: v.number },
        { k: '姓名', v: v.name },
        { k: '积分年度', v: `${v.roundId}年度` },
        { k: '确认积分', v: `${v.total} 分` },
        { k: '积分确认日期', v: formatChineseDate(v.confirmedOn) },
        { k: '出具日期', v: formatChineseDate(v.issuedOn) },
      ]
    : [];
  return { ...base, validUntil: '', note: '', rows };
}

/** The controller of the verify page. */
export class VerifyController {
  private vm: VerifyVM = { no: '', code: '', state: 'idle', message: '', result: null };
  private disposed = false;

  constructor(private readonly render: (vm: VerifyVM) => void) {}

  /** Opened from a QR code: `no` + `code`, or a mini program code's `scene`; checks at once. */
  async start(query: { no?: string | null; code?: string | null; scene?: string | null }): Promise<void> {
    const fromScene = query.scene ? parseVerifyScene(query.scene) : null;
    const target: VerifyTarget | null =
      fromScene ?? (query.no && query.code ? { no: query.no, code: query.code } : null);
    if (!target) return this.emit();
    this.vm = { ...this.vm, no: target.no, code: target.code };
    await this.check();
  }

  /** Typing. */
  setNo(no: string): void {
    this.vm = { ...this.vm, no, result: null, state: 'idle', message: '' };
    this.emit();
  }

  /** Typing. */
  setCode(code: string): void {
    this.vm = { ...this.vm, code, result: null, state: 'idle', message: '' };
    this.emit();
  }

  /** 扫码核验. */
  async scan(): Promise<void> {
    const target = await scanVoucher();
    if (!target) {
      this.vm = { ...this.vm, state: 'error', message: DOCUMENT_MESSAGES.scan, result: null };
      return this.emit();
    }
    this.vm = { ...this.vm, no: target.no, code: target.code };
    await this.check();
  }

  /** 核验. */
  async check(): Promise<void> {
    if (!this.vm.no.trim() || !this.vm.code.trim()) {
      this.vm = { ...this.vm, state: 'error', message: '请填写凭证编号和核验码（都印在凭证下方）', result: null };
      return this.emit();
    }
    this.vm = { ...this.vm, state: 'checking', message: '', result: null };
    this.emit();
    try {
      const res = await verifyVoucher(this.vm.no.trim(), this.vm.code.trim());
      this.vm = { ...this.vm, state: 'done', result: verdictView(res) };
    } catch (e) {
      this.vm = { ...this.vm, state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): VerifyVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
