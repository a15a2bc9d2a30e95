/** The refusal a handler (or the runtime's access check) raises on purpose; answered as an error envelope. */
import { ERROR_MESSAGES, type ErrorCode, type FieldIssue } from '../../shared/contracts';

/** A refusal raised on purpose: answered as `{ ok: false, code, message, fields? }`. */
export class AppError extends Error {
  /** The envelope code. */
  readonly code: ErrorCode;
  /** Per-field problems (INVALID_INPUT). */
  readonly fields?: FieldIssue[];

  /** @param code envelope code @param message Chinese message for the user (default: the code's) @param fields field problems */
  constructor(code: ErrorCode, message?: string, fields?: FieldIssue[]) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    if (fields) this.fields = fields;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
