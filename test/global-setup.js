// Dates in tests are Beijing dates: pin the zone before jest starts its workers (they inherit the environment).
module.exports = async () => {
  process.env.TZ = 'Asia/Shanghai';
};
