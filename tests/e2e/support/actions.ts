// What several e2e stories do the same way: pick a sample screenshot, confirm a Taro picker, and talk
// to the API directly (to file appeals or act as a reviewer) where the story is about another page.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'

export const SAMPLES = resolve(__dirname, '../../fixtures')

/** Taps the button that opens the file chooser (Taro's chooseImage on h5) and picks a sample. */
export async function pickImage(page: Page, button: string, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(button)])
  await chooser.setFiles(join(SAMPLES, file))
}

/** Opens a Taro picker and accepts what it shows. */
export async function confirmPicker(page: Page, picker: string): Promise<void> {
  await page.click(picker)
  await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
}

export async function apiCall<T = any>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** Uploads a sample screenshot as the citizen owning `token`; returns the upload id. */
export async function uploadSample(base: string, token: string, file: string): Promise<string> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(readFileSync(join(SAMPLES, file)))], { type: 'image/png' }), file)
  const res = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  if (res.status !== 201) throw new Error(`upload of ${file} answered ${res.status}`)
  return ((await res.json()) as { id: string }).id
}
