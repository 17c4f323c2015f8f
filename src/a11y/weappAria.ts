// WeChat's screen reader reads aria-* on view, text, button and image (base library ≥ 2.7.1). Taro renders a
// mini-program page through generic templates that pass only the attributes Taro knows, and its runtime maps
// each known attribute to a short key: both sides must learn ours. config/plugins/weapp-aria.js teaches the
// templates at build time; this teaches the runtime, before the first page renders.
import { mergeInternalComponents } from '@tarojs/shared'
import spec from './weapp-aria.json'

export function registerWeappAria(): void {
  const attrs = Object.fromEntries(spec.attributes.map((name) => [name, "''"]))
  mergeInternalComponents(Object.fromEntries(spec.components.map((c) => [c, attrs])))
}
