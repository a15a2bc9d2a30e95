/**
 * 办事指南 texts the policy tables do not carry: the official answers an applicant needs (2021 年官方答问, abridged
 * to the applicant's questions), where to apply offline, and where to ask. Pure data, shown by the guide page.
 */

/** One question and its official answer. */
export interface FaqEntry {
  q: string;
  a: string;
}

/** The applicant's questions of the 2021 official answers (faq-2021), in their words. */
export const FAQ_2021: readonly FaqEntry[] = [
  {
    q: '积分怎么申请？',
    a: '持有杭州市区有效《浙江省居住证》的申请人，在受理时间内申请积分并递交全部材料。线上：“新杭州人家园”→积分管理→积分申请；线下：各区积分申请受理点（节假日除外）。已参加过积分申请、积分指标材料无变化的，无需递交重复材料，但仍需重新递交积分申请。',
  },
  {
    q: '哪些材料算数？',
    a: '可计分指标的对应材料须在计分截止日之前取得；截止日当天及以后取得的不计分。',
  },
  {
    q: '积分可以委托申请吗？',
    a: '可以。申请人可以书面委托用人单位提出积分申请。未满十六周岁的未成年人和行动不便的老年人、残疾人等，可以由其监护人、近亲属代为提出。代为申请的，应同时提供委托人、代办人的有效身份证件或者身份证明。',
  },
  {
    q: '达到 100 分就可以直接落户吗？',
    a: '不是。100 分是“准申请分值”，是申请积分落户的起点分值，不是落户分数线。最终落户分值以当年确定的指标分值为准。',
  },
  {
    q: '今年的积分落户分值是多少？',
    a: '落户指标实行总量控制、动态调整，不预设具体落户分值。各职能部门审核确定成绩后，由市发改委会同市公安局综合拟定年度积分落户指标及具体分值，报市政府批准后在中国杭州、平安杭州等网站公布。',
  },
];

/** Where to ask: the city's hotline, which co-wrote the official answers. */
export const HOTLINE = { number: '12345', name: '12345 市长公开电话' } as const;

/** The offline channel: each urban district's 积分申请受理点, on working days. */
export const OFFLINE_CHANNEL = '各区积分申请受理点（节假日除外）';
