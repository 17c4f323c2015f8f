// Security headers (helmet) on every response: a Content-Security-Policy that lets the Taro H5 build
// run (its one inline script — the rem sizing snippet — is allowed by hash, computed from the built index.html
// at boot), nosniff, frame-ancestors 'none' / X-Frame-Options DENY, no referrer, no MIME sniffing.
// The API docs page (/api/docs, swagger-ui) gets a looser policy of its own.
// helmet's middleware is built once at boot and run in one synchronous hook: @fastify/helmet rebuilt it on
// every request (two async hooks, the CSP re-parsed each time), which was the largest cost of a 304 poll.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import helmet from 'helmet'

/** 'sha256-…' sources for the inline <script> blocks of the built index.html. */
export function inlineScriptHashes(h5Dir: string): string[] {
  let html: string
  try {
    html = fs.readFileSync(path.join(h5Dir, 'index.html'), 'utf8')
  } catch {
    return []
  }
  const out: string[] = []
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    out.push(`'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`)
  }
  return out
}

const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"

/** Every /api/v1 response: JSON for the app, never a document, so nothing may load, run or frame it. */
export const API_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin']
]

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const applyHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(app.config.h5Dir)],
        // Taro components and the app's CSS-in-JS set inline styles
        styleSrc: ["'self'", "'unsafe-inline'"],
        // screenshots preview from blob:/data: URLs before upload; served files come from /api/v1/files
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // Taro's h5 uploadFile reads the picked (and canvas-compressed) screenshot back from its blob: URL with XHR
        connectSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"]
      }
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // the API is reached over plain http on a LAN in development; HSTS belongs to the TLS proxy in front
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-origin' }
  })
  app.addHook('onRequest', (req, reply, done) => {
    if (req.url.startsWith('/api/v1/')) {
      // JSON is never rendered as a page: the strictest policy, written as one precomputed set (helmet's
      // dozen headers, the page policy among them, were the largest cost left on a 304 poll)
      for (let i = 0; i < API_HEADERS.length; i++) reply.raw.setHeader(API_HEADERS[i][0], API_HEADERS[i][1])
      return done()
    }
    applyHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined))
  })
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/api/docs')) reply.header('Content-Security-Policy', DOCS_CSP)
    done(null, payload)
  })
}
