// Lets the upload path wake this process's reading runner the moment a screenshot is stored, instead of the
// runner finding it at its next poll. Keyed by the app's config object: several apps in one process (tests)
// each wake only their own runner.
type Waker = () => void

const wakers = new WeakMap<object, Set<Waker>>()

export function onUploadStored(config: object, waker: Waker): () => void {
  let set = wakers.get(config)
  if (!set) wakers.set(config, (set = new Set()))
  set.add(waker)
  return () => set.delete(waker)
}

export function uploadStored(config: object): void {
  for (const w of wakers.get(config) ?? []) w()
}
