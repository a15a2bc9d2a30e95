/**
 * What a scan or a mini program code hands the verify page: the verify path of a plain QR code, or the 32-character
 * `scene` of a mini program code (`wxacode.getUnlimited`), and the production provider's fallback to the plain QR code.
 */
import { MINI_CODE_SCENE_MAX, parseVerifyScene, verifyScene } from '../../shared/documents';
import { targetOfScan } from '../../miniprogram/services/documents';
import { createWxaCodeProvider } from '../../cloudfunctions/_core/wxacode';

const T = { no: 'PZ2021-000123-01', code: '7K2MQ9XD4HBT0WZR' };

describe('mini program code scene', () => {
  it('fits the number and code in 32 characters and reads back, percent-encoded or not', () => {
    const scene = verifyScene(T);
    expect(scene).toBe('PZ202100012301.7K2MQ9XD4HBT0WZR');
    expect(scene.length).toBeLessThanOrEqual(MINI_CODE_SCENE_MAX);
    expect(parseVerifyScene(scene)).toEqual(T);
    expect(parseVerifyScene(encodeURIComponent(scene))).toEqual(T);
  });

  it('refuses anything else', () => {
    expect(parseVerifyScene('PZ202100012301.7K2MQ9XD4HBT0WZ')).toBeNull();
    expect(parseVerifyScene('XX202100012301.7K2MQ9XD4HBT0WZR')).toBeNull();
    expect(parseVerifyScene('%E0%A4%A')).toBeNull();
    expect(() => verifyScene({ no: 'PZ2021-000123', code: T.code })).toThrow(RangeError);
  });
});

describe('a scanned code', () => {
  it('reads a plain QR code of the verify path', () => {
    expect(targetOfScan({ result: `pages/verify/verify?no=${T.no}&code=${T.code}` })).toEqual(T);
  });
  it('reads a mini program code’s path with its scene', () => {
    expect(
      targetOfScan({ result: '', path: `pages/verify/verify?scene=${encodeURIComponent(verifyScene(T))}` }),
    ).toEqual(T);
  });
  it('is null for any other code', () => {
    expect(targetOfScan({ result: 'https://example.com/?no=PZ2021-000123-01' })).toBeNull();
  });
});

describe('production mini program code', () => {
  it('asks wxacode for the verify page with the scene, and falls back (null) when the call fails', async () => {
    const calls: unknown[] = [];
    const ok = createWxaCodeProvider({
      wxacode: {
        getUnlimited: async (o) => {
          calls.push(o);
          return { buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) };
        },
      },
    });
    expect(await ok.codeFor('pages/verify/verify', verifyScene(T))).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(calls).toEqual([expect.objectContaining({ page: 'pages/verify/verify', scene: verifyScene(T) })]);
    const lines: string[] = [];
    const failing = createWxaCodeProvider(
      { wxacode: { getUnlimited: async () => Promise.reject(new TypeError('quota')) } },
      (l) => lines.push(l),
    );
    expect(await failing.codeFor('pages/verify/verify', verifyScene(T))).toBeNull();
    expect(lines).toEqual(['[documents] wxacode TypeError']);
  });
});
