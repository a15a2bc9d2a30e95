/** Why a fact did not count: one code per rule, with the Chinese sentence shown to the applicant. */

/** Reason codes. */
export type ReasonCode =
  | 'AFTER_CUTOFF'
  | 'OUTSIDE_WINDOW'
  | 'BACK_PAID'
  | 'MISSING_INSURANCE'
  | 'NOT_URBAN_HANGZHOU'
  | 'TRANSFERRED_IN'
  | 'DUPLICATE_MONTH'
  | 'SAME_MATTER'
  | 'ABSORBED_BY_LARGER'
  | 'ONCE_ONLY'
  | 'LOWER_THAN_OTHER'
  | 'INCOMPLETE'
  | 'NO_CERTIFICATE'
  | 'UNKNOWN_VALUE'
  | 'UNKNOWN_FORMULA'
  | 'ILLEGAL_RENTAL'
  | 'GROUP_RENTAL'
  | 'NOT_LIVED_IN'
  | 'NOT_IN_HANGZHOU'
  | 'HOMES_DO_NOT_STACK'
  | 'CO_OWNERSHIP'
  | 'TRANSFERRED_PATENT'
  | 'NOT_RECOGNISED'
  | 'CAP_REACHED'
  | 'NOT_IN_POLICY'
  | 'BELOW_MINIMUM';

/** Default Chinese text per reason; call sites may add specifics (dates, amounts). */
export const REASON_TEXT: Record<ReasonCode, string> = {
  AFTER_CUTOFF: '在计分截止日当天或之后取得，不计分',
  OUTSIDE_WINDOW: '不在截止日前 5 年内，不计分',
  BACK_PAID: '补缴月份不计分',
  MISSING_INSURANCE: '未同时缴纳养老和医疗保险的月份不计分',
  NOT_URBAN_HANGZHOU: '不在杭州市区，不计分',
  TRANSFERRED_IN: '从市区以外转入的月份不计分',
  DUPLICATE_MONTH: '与其他记录重叠的月份只计一次',
  SAME_MATTER: '同一事项的多项表彰只计最高一项',
  ABSORBED_BY_LARGER: '同一行为触发多项减分，只按最高一项扣分',
  ONCE_ONLY: '此项只扣一次，不重复扣分',
  LOWER_THAN_OTHER: '同类只计最高一项',
  INCOMPLETE: '结业或肄业证书在该层次计 0 分',
  NO_CERTIFICATE: '没有学历或学位证书',
  UNKNOWN_VALUE: '该等级的分值未公开，暂计 0 分',
  UNKNOWN_FORMULA: '该指标的计分办法未公开，暂不计分',
  ILLEGAL_RENTAL: '违法建筑等非合法居住房屋不计分',
  GROUP_RENTAL: '群租房屋不计分',
  NOT_LIVED_IN: '未实际居住，不计分',
  NOT_IN_HANGZHOU: '不是在杭州（市区）取得，不计分',
  HOMES_DO_NOT_STACK: '多套住房不累计',
  CO_OWNERSHIP: '不符合共有产权或二手房计分条件',
  TRANSFERRED_PATENT: '受让取得的专利不计分',
  NOT_RECOGNISED: '不是通过春风行动或经认定的慈善组织捐赠',
  CAP_REACHED: '已达该项上限',
  NOT_IN_POLICY: '本政策版本没有对应指标，不计分',
  BELOW_MINIMUM: '未达到最低计分标准',
};
