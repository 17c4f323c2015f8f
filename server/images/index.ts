// The one door to image work: screenshots are encoded through a pool shared by the whole process (cores are
// process-wide; test processes run several servers, each with its own settings, hence one pool per setting).
import os from 'node:os'
import type { Config } from '../config'
import { encodeScreenshot, type Encoded } from './encode'
import { ImagePool } from './pool'

export type ImageConfig = Pick<Config, 'imageWorkers' | 'imageQueueMax' | 'imageTimeoutMs' | 'uploadMaxPixels'>

const pools = new Map<string, ImagePool>()

/** IMAGE_WORKERS, where 0 means one per CPU core */
export function poolSize(config: Pick<Config, 'imageWorkers'>): number {
  return config.imageWorkers > 0 ? config.imageWorkers : Math.max(1, os.availableParallelism())
}

export function imagePool(config: ImageConfig): ImagePool {
  const size = poolSize(config)
  const key = `${size}/${config.imageQueueMax}/${config.imageTimeoutMs}`
  let pool = pools.get(key)
  if (!pool) {
    pool = new ImagePool({ size, maxQueue: config.imageQueueMax, timeoutMs: config.imageTimeoutMs })
    pools.set(key, pool)
  }
  return pool
}

/** Full picture, thumbnail and dHash of one upload, computed in the pool. */
export function processScreenshot(config: ImageConfig, bytes: Buffer): Promise<Encoded> {
  return imagePool(config).run(() => encodeScreenshot(bytes, { maxPixels: config.uploadMaxPixels, timeoutMs: config.imageTimeoutMs }))
}

export type { Encoded } from './encode'
