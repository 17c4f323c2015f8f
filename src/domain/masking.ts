// Masked forms shown wherever the full value is not needed.

export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}

export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length)
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4)
}

export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return phone.slice(0, 3) + '****' + phone.slice(-4)
}
