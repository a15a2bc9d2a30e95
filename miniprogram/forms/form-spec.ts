/**
 * The 积分测算 form as data: its steps, and per section of the profile (shared/profile/schema.ts) the fields the
 * applicant edits, with Chinese labels for every value. The label maps are typed by the schema's own value lists, so
 * a value added to the schema fails to compile here until it has a label.
 */
import type { ProfileInput } from '../../shared';
import {
  EDUCATION_LEVELS,
  HOME_OWNERS,
  HONOUR_LEVELS,
  RECORD_KINDS,
  RECORD_LABELS,
  TITLE_LEVELS,
} from '../../shared/core';

/** How a field is edited and how its text becomes a JSON value. */
export type FieldKind = 'text' | 'date' | 'month' | 'number' | 'bool' | 'optBool' | 'choice';

/** One choice. */
export interface Option {
  value: string;
  label: string;
}

/** One editable field of a section entry. */
export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  /** Choices of a `choice` field. */
  options?: readonly Option[];
  /** Choices filled in from the round's policy (veto offences are policy data). */
  optionsFrom?: 'vetoOffences';
  /** `choice` values that are numbers in the JSON (platelet units). */
  numeric?: boolean;
  /** Text fields the schema requires: an empty entry stays `''` so the schema names what is missing. */
  required?: boolean;
  /** What a `bool` field means when absent (the schema's default). */
  defaultBool?: boolean;
  placeholder?: string;
  /** Keyboard of a text field (`idcard` for ID numbers); numbers get `digit`. */
  inputType?: 'text' | 'idcard';
  /** Unit shown after a number. */
  unit?: string;
  /** Only shown for entries where this holds (e.g. millilitres only for whole blood). */
  showIf?: (entry: Record<string, unknown>) => boolean;
}

/** Profile keys holding lists. */
export type ListKey = Exclude<keyof ProfileInput, 'person' | 'marrowDonation'>;

/** A section of the form: the person object, a list, or the nullable marrow donation. */
export type SectionSpec =
  | { kind: 'object'; key: 'person'; title: string; note?: string; fields: readonly FieldSpec[] }
  | { kind: 'nullable'; key: 'marrowDonation'; title: string; note?: string; fields: readonly FieldSpec[] }
  | {
      kind: 'list';
      key: ListKey;
      title: string;
      /** What one entry is called ("学历", "献血记录"). */
      itemName: string;
      note?: string;
      fields: readonly FieldSpec[];
      /** A new entry, with the schema's defaults and the likeliest answers preset. */
      newItem: () => Record<string, unknown>;
    };

/** One step of the form; the last step (结果) has no sections. */
export interface StepSpec {
  id: string;
  title: string;
  sections: readonly SectionSpec[];
}

function options<K extends string>(order: readonly K[], labels: Record<K, string>): Option[] {
  return order.map((value) => ({ value, label: labels[value] }));
}

const EDUCATION_LABELS: Record<(typeof EDUCATION_LEVELS)[number], string> = {
  gaozhong: '高中/中职',
  dazhuan: '大专/高职',
  benke: '本科',
  shuoshi: '硕士研究生',
  boshi: '博士研究生',
};
const TITLE_LABELS: Record<(typeof TITLE_LEVELS)[number], string> = {
  zhenggao: '正高级职称',
  fugao: '副高级职称',
  zhongji: '中级职称',
  chuji: '初级职称',
  gaojijishi: '高级技师（一级）',
  jishi: '技师（二级）',
  gaojigong: '高级工（三级）',
  zhongjigong: '中级工（四级）',
  chujigong: '初级工（五级）',
};
const HONOUR_LABELS: Record<(typeof HONOUR_LEVELS)[number], string> = {
  national: '国家级',
  provincial: '省级',
  municipal: '市级',
  district: '区、县（市）级',
};
const OWNER_LABELS: Record<(typeof HOME_OWNERS)[number], string> = {
  self: '本人',
  spouse: '配偶',
  parent: '父母',
  child: '子女',
};

const date = (key: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  kind: 'date',
  placeholder: '如 2019-06-30',
  ...extra,
});
const month = (key: string, label: string): FieldSpec => ({ key, label, kind: 'month', placeholder: '如 2019-03' });
const bool = (key: string, label: string, defaultBool = false): FieldSpec => ({
  key,
  label,
  kind: 'bool',
  defaultBool,
});
const optBool = (key: string, label: string): FieldSpec => ({ key, label, kind: 'optBool' });
const text = (key: string, label: string, placeholder: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  kind: 'text',
  placeholder,
  ...extra,
});
const number = (key: string, label: string, placeholder: string, unit?: string): FieldSpec => ({
  key,
  label,
  kind: 'number',
  placeholder,
  ...(unit ? { unit } : {}),
});
const isOptionList = (x: Record<string, string> | readonly Option[]): x is readonly Option[] => Array.isArray(x);
/** A `choice` field: its options, or value → label in display order (only non-integer keys keep their order). */
const choice = (
  key: string,
  label: string,
  labels: Record<string, string> | readonly Option[],
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({
  key,
  label,
  kind: 'choice',
  options: isOptionList(labels) ? labels : Object.entries(labels).map(([value, l]) => ({ value, label: l })),
  ...extra,
});

const isWholeBlood = (e: Record<string, unknown>) => e.kind !== 'platelets';
const isPlatelets = (e: Record<string, unknown>) => e.kind === 'platelets';

/** The form's steps, in order. */
export const STEPS: readonly StepSpec[] = [
  {
    id: 'person',
    title: '个人信息',
    sections: [
      {
        kind: 'object',
        key: 'person',
        title: '个人信息',
        note: '身份证号码和出生日期填一项即可；年龄按计分截止日当天的周岁计算。',
        fields: [
          text('name', '姓名（可不填）', '姓名'),
          text('idNumber', '身份证号码', '18 位身份证号码', { inputType: 'idcard' }),
          date('birthDate', '出生日期', { placeholder: '如 1990-05-12' }),
        ],
      },
    ],
  },
  {
    id: 'education',
    title: '学历/职称',
    sections: [
      {
        kind: 'list',
        key: 'education',
        title: '学历学位',
        itemName: '学历',
        note: '可填多条，只计最高的一条；学历与职称/技能不累计，只计较高的一项。',
        fields: [
          choice('level', '学历层次', options(EDUCATION_LEVELS, EDUCATION_LABELS)),
          bool('diploma', '有学历证书'),
          bool('degree', '有学位证书'),
          bool('domestic', '国内学历', true),
          choice('completion', '毕业情况', { graduated: '毕业', completed: '结业', withdrawn: '肄业' }),
          date('obtainedOn', '取得日期'),
        ],
        newItem: () => ({ level: 'benke', diploma: true, degree: true, domestic: true, completion: 'graduated' }),
      },
      {
        kind: 'list',
        key: 'titles',
        title: '专业技术职称/技能等级',
        itemName: '职称/技能',
        fields: [choice('level', '职称/技能等级', options(TITLE_LEVELS, TITLE_LABELS)), date('obtainedOn', '取得日期')],
        newItem: () => ({ level: 'zhongji' }),
      },
    ],
  },
  {
    id: 'insurance',
    title: '社保/居住',
    sections: [
      {
        kind: 'list',
        key: 'socialInsurance',
        title: '社保缴纳',
        itemName: '社保时段',
        note: '在杭州市区同时缴纳养老和医疗保险的月份每月 0.5 分；补缴、外地转入的月份不计。',
        fields: [
          month('from', '起始月份'),
          month('to', '截止月份'),
          bool('pension', '缴纳养老保险'),
          bool('medical', '缴纳医疗保险'),
          bool('inUrbanHangzhou', '在杭州市区缴纳', true),
          bool('backPaid', '补缴'),
          bool('transferredIn', '从市区以外转入'),
          bool('flexible', '灵活就业'),
        ],
        newItem: () => ({
          pension: true,
          medical: true,
          inUrbanHangzhou: true,
          backPaid: false,
          transferredIn: false,
          flexible: false,
        }),
      },
      {
        kind: 'list',
        key: 'residence',
        title: '居住登记/居住证',
        itemName: '居住时段',
        fields: [
          date('from', '起始日期'),
          date('to', '截止日期'),
          choice('kind', '登记类型', { permit: '居住证', registration: '居住登记' }),
        ],
        newItem: () => ({ kind: 'permit' }),
      },
    ],
  },
  {
    id: 'housing',
    title: '住房',
    sections: [
      {
        kind: 'list',
        key: 'homes',
        title: '自有住房',
        itemName: '住房',
        note: '须在市区且实际居住；多套不累计；自有住房与租房只计较高一项。共有、二手房的问题只在 2024 年 7 月起的政策下计分时使用。',
        fields: [
          choice('owner', '产权人', options(HOME_OWNERS, OWNER_LABELS)),
          bool('inUrbanArea', '位于杭州市区', true),
          bool('livesThere', '实际居住'),
          date('acquiredOn', '取得产权日期'),
          choice('ownership', '产权形式', { sole: '单独所有', joint: '共同共有', shares: '按份共有' }),
          optBool('coOwnersAllNonHzHukou', '共有人都不是杭州户籍'),
          optBool('chosenByCoOwners', '由共有人确定本人计分'),
          optBool('largestShare', '本人份额最大'),
          optBool('boughtWithHzHukouPerson', '与杭州户籍人员共同购买'),
          optBool('secondHand', '二手房'),
          optBool('previousHukouMovedOut', '原户籍已全部迁出'),
          optBool('scoredByOtherWithinYear', '一年内已被他人计分'),
        ],
        newItem: () => ({ owner: 'self', inUrbanArea: true, livesThere: true, ownership: 'sole' }),
      },
      {
        kind: 'list',
        key: 'rentals',
        title: '租房',
        itemName: '租房时段',
        fields: [
          date('from', '租赁起始日期'),
          date('to', '租赁截止日期'),
          bool('legal', '合法居住房屋'),
          bool('groupRental', '群租'),
        ],
        newItem: () => ({ legal: true, groupRental: false }),
      },
    ],
  },
  {
    id: 'bonus',
    title: '加分项',
    sections: [
      {
        kind: 'list',
        key: 'honours',
        title: '表彰奖励',
        itemName: '表彰',
        note: '同一事项获得多项表彰只计最高一项：请给它们填相同的“表彰事项”。',
        fields: [
          choice('level', '表彰级别', options(HONOUR_LEVELS, HONOUR_LABELS)),
          text('title', '荣誉名称', '如 杭州市优秀志愿者', { required: true }),
          text('matter', '表彰事项', '如 2019 抗台志愿服务', { required: true }),
          date('awardedOn', '授予日期'),
          bool('inHangzhou', '在杭工作或学习期间获得', true),
        ],
        newItem: () => ({ level: 'municipal', inHangzhou: true }),
      },
      {
        kind: 'nullable',
        key: 'marrowDonation',
        title: '造血干细胞捐献',
        note: '捐献过就填日期，没有就留空。',
        fields: [date('donatedOn', '捐献日期')],
      },
      {
        kind: 'list',
        key: 'bloodDonations',
        title: '无偿献血',
        itemName: '献血记录',
        fields: [
          date('date', '献血日期'),
          choice('kind', '献血类型', { wholeBlood: '全血', platelets: '单采血小板' }),
          { ...number('ml', '献血量', '如 400', '毫升'), showIf: isWholeBlood },
          // Numeric keys would reorder in an object: the list is spelled out.
          choice(
            'units',
            '治疗量（2010 年起）',
            ['1', '1.5', '2'].map((value) => ({ value, label: `${value} 个` })),
            { numeric: true, showIf: isPlatelets },
          ),
          bool('inHangzhou', '在杭州献血', true),
        ],
        newItem: () => ({ kind: 'wholeBlood', inHangzhou: true }),
      },
      {
        kind: 'list',
        key: 'volunteer',
        title: '志愿服务',
        itemName: '志愿服务记录',
        fields: [date('date', '服务日期'), number('hours', '服务时长', '如 36.5', '小时')],
        newItem: () => ({}),
      },
      {
        kind: 'list',
        key: 'charity',
        title: '慈善捐赠',
        itemName: '捐赠记录',
        fields: [
          date('date', '捐赠日期'),
          number('amountYuan', '捐赠金额', '如 2000', '元'),
          bool('recognised', '通过春风行动或经认定的慈善组织', true),
        ],
        newItem: () => ({ recognised: true }),
      },
      {
        kind: 'list',
        key: 'patents',
        title: '发明专利',
        itemName: '专利',
        fields: [
          date('grantedOn', '授权日期'),
          bool('firstHolder', '第一专利权人'),
          bool('transferred', '受让取得'),
          bool('inHangzhou', '在杭工作期间获得', true),
          text('number', '专利号（可不填）', '如 ZL201910000000.1'),
        ],
        newItem: () => ({ firstHolder: true, transferred: false, inHangzhou: true }),
      },
      {
        kind: 'list',
        key: 'taxes',
        title: '纳税',
        itemName: '纳税记录',
        note: '纳税指标的计分办法未公开：登记后显示为不计分并说明原因。',
        fields: [number('year', '年度', '如 2020'), number('amountYuan', '纳税额', '如 12000', '元')],
        newItem: () => ({}),
      },
    ],
  },
  {
    id: 'deduction',
    title: '减分项',
    sections: [
      {
        kind: 'list',
        key: 'records',
        title: '可能减分的记录',
        itemName: '记录',
        note: '同一行为引起的几条记录请填相同的事件编号，只按扣分最多的一条扣分。',
        fields: [
          choice('kind', '记录类型', options(RECORD_KINDS, RECORD_LABELS)),
          date('date', '记录日期'),
          text('incident', '事件编号（可不填）', '如 2019-A'),
        ],
        newItem: () => ({ kind: 'dishonesty' }),
      },
      {
        kind: 'list',
        key: 'vetoFacts',
        title: '一票否决情形',
        itemName: '情形',
        fields: [
          { key: 'kind', label: '情形', kind: 'choice', optionsFrom: 'vetoOffences' },
          date('date', '日期（可不填）'),
        ],
        newItem: () => ({}),
      },
    ],
  },
  { id: 'result', title: '结果', sections: [] },
];

/** Index of the result step. */
export const RESULT_STEP = STEPS.length - 1;
