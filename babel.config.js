// babel-preset-taro builds the app; under jest (NODE_ENV=test) it emits CommonJS for node.
module.exports = {
  presets: [
    ['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]
  ]
}
