// Selectors WeChat does not take, found by feeding WeChat's style compiler (wcsc, miniprogram-compiler 0.2.3)
// one rule at a time: it refuses the universal selector (`*`, `.a > *`), selector lists inside a pseudo-class
// (`:not(.a, .b)`, `:is(…)`, `:where(…)`, `:has(…)`), backslash escapes, the `i` flag of attribute selectors,
// `::part()`/`::slotted()`, `@layer`, `@container` and unresolved nesting (`&`). Attribute selectors pass wcsc but
// match nothing reliable on WeChat (Taro renders its own attributes; the Skyline renderer has none), and
// `:is`/`:where`/`:has` also fail on the older iOS WebViews the app supports (package.json browserslist).

export interface SelectorProblem {
  selector: string
  why: string
}

const RULES: { test: RegExp; why: string }[] = [
  { test: /\*/, why: 'the universal selector `*`: wcsc refuses it ("error at token `*`") — give the elements a class' },
  { test: /\[/, why: 'an attribute selector: WeChat renders no attributes to match — use a modifier class' },
  { test: /:(is|where|has|matches)\(/, why: '`:is()`/`:where()`/`:has()`: wcsc refuses selector lists in them and iOS 11–13 WebViews ignore the rule — spell the selectors out' },
  { test: /:[\w-]+\([^)]*,/, why: 'a selector list inside a pseudo-class (`:not(.a, .b)`): wcsc refuses it — chain `:not(.a):not(.b)`' },
  { test: /\\/, why: 'a backslash escape: wcsc refuses it — use plain class names' },
  { test: /::(part|slotted)\(/, why: '`::part()`/`::slotted()`: wcsc refuses them' },
  { test: /&/, why: 'unresolved nesting `&`: wcsc refuses it — let Sass resolve it' }
]

const AT_RULES: { test: RegExp; why: string }[] = [
  { test: /^@layer\b/, why: '`@layer`: wcsc refuses cascade layers' },
  { test: /^@container\b/, why: '`@container`: wcsc refuses container queries' }
]

/** Blanks out comments and string contents (a `*` or `{` inside them is not a selector). */
function strip(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
}

/** A selector list split at its top-level commas (not those inside `:not(…)`). */
function selectorList(prelude: string): string[] {
  const out: string[] = []
  let depth = 0
  let from = 0
  for (let i = 0; i < prelude.length; i++) {
    if (prelude[i] === '(') depth++
    else if (prelude[i] === ')') depth--
    else if (prelude[i] === ',' && depth === 0) {
      out.push(prelude.slice(from, i).trim())
      from = i + 1
    }
  }
  out.push(prelude.slice(from).trim())
  return out
}

/** Every selector (and at-rule prelude) of a stylesheet that WeChat would not take. */
export function unsupportedSelectors(css: string): SelectorProblem[] {
  const text = strip(css)
  const problems: SelectorProblem[] = []
  // the preludes of blocks, with the depth of @keyframes bodies (from/to/50% are not selectors)
  const stack: ('keyframes' | 'other')[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{') {
      const prelude = text.slice(start, i).trim()
      start = i + 1
      if (prelude.startsWith('@')) {
        for (const r of AT_RULES) if (r.test.test(prelude)) problems.push({ selector: prelude, why: r.why })
        stack.push(/^@(-\w+-)?keyframes\b/.test(prelude) ? 'keyframes' : 'other')
        continue
      }
      stack.push('other')
      if (stack.includes('keyframes')) continue
      for (const selector of selectorList(prelude)) {
        const hit = RULES.find((r) => r.test.test(selector))
        if (hit) problems.push({ selector, why: hit.why })
      }
    } else if (ch === '}') {
      stack.pop()
      start = i + 1
    } else if (ch === ';') {
      start = i + 1
    }
  }
  return problems
}
