// Only for TDesign's ESM miniprogram_dist under jest (see jest.config.js).
module.exports = { plugins: ['@babel/plugin-transform-modules-commonjs'] };
