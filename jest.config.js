/** jest: node for the engine and functions, jsdom for miniprogram-simulate page tests. */
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: false }];
const common = {
  transform: { '^.+\\.ts$': tsJest, '^.+\\.js$': 'babel-jest' },
  // .cache/: the local cloud's bundle (scripts/local-cloud/bundle.ts) is loaded as built, not through babel.
  transformIgnorePatterns: ['/node_modules/(?!tdesign-miniprogram/)', '/\\.cache/'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
module.exports = {
  // A page journey compiles WXML with wcc and renders TDesign: on a busy 2-core machine one test can take over 5 s.
  // The limit only stops a hung test; speed is measured by `npm run bench`, never by a test.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/global-setup.js',
  projects: [
    {
      ...common,
      displayName: 'node',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/test/miniprogram/'],
    },
    {
      ...common,
      displayName: 'page',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/test/miniprogram/**/*.test.ts'],
    },
  ],
};
