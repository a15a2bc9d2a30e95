/** Hangzhou's districts and which of them are 市区 (urban Hangzhou) for points applications (lifecycle.md step 1, [C]). */

/** Every district / county-level area a 浙江省居住证 in Hangzhou may be issued by. */
export const HANGZHOU_DISTRICTS = [
  { code: 'shangcheng', name: '上城区', urban: true },
  { code: 'gongshu', name: '拱墅区', urban: true },
  { code: 'xihu', name: '西湖区', urban: true },
  { code: 'xihu-scenic', name: '西湖风景名胜区', urban: true },
  { code: 'qiantang', name: '钱塘区', urban: true },
  { code: 'binjiang', name: '滨江区', urban: true },
  { code: 'xiaoshan', name: '萧山区', urban: true },
  { code: 'yuhang', name: '余杭区', urban: true },
  { code: 'linping', name: '临平区', urban: true },
  { code: 'fuyang', name: '富阳区', urban: true },
  { code: 'linan', name: '临安区', urban: true },
  { code: 'tonglu', name: '桐庐县', urban: false },
  { code: 'chunan', name: '淳安县', urban: false },
  { code: 'jiande', name: '建德市', urban: false },
] as const;

/** A district code. */
export type DistrictCode = (typeof HANGZHOU_DISTRICTS)[number]['code'];

/** All district codes, for enums. */
export const DISTRICT_CODES = HANGZHOU_DISTRICTS.map((d) => d.code) as unknown as readonly [
  DistrictCode,
  ...DistrictCode[],
];

/** The district's Chinese name. */
export function districtName(code: DistrictCode): string {
  return HANGZHOU_DISTRICTS.find((d) => d.code === code)?.name ?? code;
}

/** Whether a district is in urban Hangzhou (市区). */
export function isUrbanDistrict(code: DistrictCode): boolean {
  return HANGZHOU_DISTRICTS.some((d) => d.code === code && d.urban);
}
