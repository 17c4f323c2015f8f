// Measures the reader on the labelled set at one or more READING_MAX_WIDTHs, outside jest (issue 13):
//   npx tsx tests/reading/measure.ts 1080 720
// With several widths each picture is read at every width in turn (one warm reader per width, one read at a
// time), so a machine whose load drifts during the run slows every width alike and the times compare.
// Writes test-artifacts/reading-measure.json (recognised lines, readings and scores) and prints a per-field
// table per width — the comparison behind the server's READING_MAX_WIDTH default.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { readScreenshot } from '../../src/domain/reading'
import { openReader, type HarnessReader } from './reader'
import { scoreImage, summarise, summaryTable, type ImageResult, type Labelled } from './score'

const root = resolve(__dirname, '../..')
const dir = join(root, 'tests/fixtures/readings')

async function main(): Promise<void> {
  const widths = process.argv.slice(2).map(Number)
  if (widths.length === 0) widths.push(1080)
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Labelled>
  const readers: HarnessReader[] = []
  const results: ImageResult[][] = widths.map(() => [])
  const cpu: number[][] = widths.map(() => [])
  const lines: Record<string, Record<number, unknown>> = {}
  try {
    for (const width of widths) readers.push(await openReader({ maxWidth: width }))
    for (const [file, label] of Object.entries(expected)) {
      const image = readFileSync(join(dir, file))
      lines[file] = {}
      for (let w = 0; w < widths.length; w++) {
        const started = performance.now()
        const cpuBefore = readers[w].cpuMs()
        const recognised = await readers[w].read(image)
        const ms = Math.round(performance.now() - started)
        cpu[w].push(readers[w].cpuMs() - cpuBefore)
        const reading = readScreenshot(recognised)
        lines[file][widths[w]] = { lines: recognised.map((l) => `${l.text} @${l.box.x},${l.box.y} ${l.score}`), reading }
        results[w].push(scoreImage(file, label, reading, ms))
      }
      const last = (i: number) => `${results[i][results[i].length - 1].ms} ms wall, ${cpu[i][cpu[i].length - 1]} ms CPU`
      process.stdout.write(`${file} ${widths.map((w, i) => `${w}: ${last(i)}`).join(' · ')}\n`)
    }
  } finally {
    for (const reader of readers) await reader.close()
  }
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length))
  const summaries = widths.map((width, i) => ({ width, summary: summarise(results[i]), cpuMsPerImage: mean(cpu[i]) }))
  mkdirSync(join(root, 'test-artifacts'), { recursive: true })
  writeFileSync(join(root, 'test-artifacts/reading-measure.json'), JSON.stringify({ summaries, results, lines }, null, 2))
  for (const { width, summary, cpuMsPerImage } of summaries) {
    process.stdout.write(`\nmax width ${width}: ${cpuMsPerImage} ms CPU per picture\n${summaryTable(summary)}\n`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
