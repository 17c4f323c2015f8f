// Checks of the applicant's identity fields, the same in the form and on the server.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** The check character of a resident ID (GB 11643), computed from its first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

/** 18 characters, a real birth date, and the right check character. */
export function isValidIdNumber(raw: string): boolean {
  const id = normalizeIdNumber(raw)
  if (!/^\d{17}[\dX]$/.test(id)) return false
  const year = Number(id.slice(6, 10))
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return false
  }
  if (birth.getTime() > Date.now()) return false
  return idCheckChar(id.slice(0, 17)) === id[17]
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]. */
export function isValidPhone(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim())
}

/** 2 to 30 characters of a name; Chinese names may carry a middle dot. */
export function isValidName(raw: string): boolean {
  const name = raw.trim()
  return name.length >= 2 && name.length <= 30 && !/[<>{}\d]/.test(name)
}
