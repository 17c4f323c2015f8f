// Build half of src/a11y/weappAria.ts: adds the aria-* attributes listed in src/a11y/weapp-aria.json to the
// templates Taro generates for WeChat, so `aria-label` set in our components reaches WeChat's screen reader
// (h5 renders them natively). The runtime half registers the same list, so both sides use the same short keys.
const spec = require('../../src/a11y/weapp-aria.json')

module.exports = (ctx) => {
  // mini-program platforms call ctx.onSetupClose(platform) once their template is set up
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      const template = platform && platform.template
      if (!template || typeof template.mergeComponents !== 'function') return
      const attrs = Object.fromEntries(spec.attributes.map((name) => [name, "''"]))
      template.mergeComponents(ctx, Object.fromEntries(spec.components.map((c) => [c, attrs])))
    }
  })
}
