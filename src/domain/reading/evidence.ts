// The evidence rules on the times the screenshots say (issue 13): where a test's sampling time was read off its
// picture, the read time stands in for the typed one — the picture is the evidence, the form a copy — and each
// time check says whose times it used. Kept out of src/domain/evidence.ts because only the reviewer's view
// (built on the server) has read times: the citizen's main package carries the plain rules alone.
import { CLOCK_SKEW_MS, checkEvidence, type EvidenceCheck, type EvidenceInput, type EvidenceSource } from '../evidence'

export interface ReadEvidenceInput extends EvidenceInput {
  /** ISO instants parallel to `sampledAt`, null where nothing was read */
  readSampledAt: (string | null)[]
}

interface SampleTime {
  t: number
  read: boolean
}

/** Each test's time: the read one where it parses, else the typed one; a test with neither is no test. */
function sampleTimes(input: ReadEvidenceInput): SampleTime[] {
  const length = Math.max(input.sampledAt.length, input.readSampledAt.length)
  const times: SampleTime[] = []
  for (let i = 0; i < length; i++) {
    const read = input.readSampledAt[i]
    const readMs = read ? new Date(read).getTime() : NaN
    const typedMs = input.sampledAt[i] === undefined ? NaN : new Date(input.sampledAt[i]).getTime()
    if (Number.isFinite(readMs)) times.push({ t: readMs, read: true })
    else if (Number.isFinite(typedMs)) times.push({ t: typedMs, read: false })
  }
  return times.sort((a, b) => a.t - b.t)
}

const SOURCE_NOTE: Record<EvidenceSource, string> = {
  read: '（按截图读到的时间）',
  mixed: '（部分按截图读到的时间）',
  typed: ''
}

function sourced(check: EvidenceCheck, used: SampleTime[]): EvidenceCheck {
  const read = used.filter((u) => u.read).length
  const source: EvidenceSource = read === 0 ? 'typed' : read === used.length ? 'read' : 'mixed'
  return { ...check, message: check.message + SOURCE_NOTE[source], source }
}

/** checkEvidence on the read times where present; every check that looks at times carries its source. */
export function checkEvidenceWithReadings(input: ReadEvidenceInput): EvidenceCheck[] {
  const samples = sampleTimes(input)
  const checks = checkEvidence({ ...input, sampledAt: samples.map((s) => new Date(s.t).toISOString()) })
  if (samples.length === 0) return checks
  const first = samples[0]
  const last = samples[samples.length - 1]
  const now = input.now.getTime()
  return checks.map((check) => {
    switch (check.rule) {
      case 'not_in_future':
        return sourced(check, check.ok ? samples : samples.filter((s) => s.t > now + CLOCK_SKEW_MS))
      case 'recent':
      case 'after_trigger':
        return sourced(check, [last])
      case 'two_apart':
        return sourced(check, samples.length < 2 ? samples : [first, last])
      default:
        return check
    }
  })
}
