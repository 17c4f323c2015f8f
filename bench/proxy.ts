// A tiny round-robin TCP proxy: one address in front of several API processes (the bench's two PostgreSQL
// instances). Each incoming connection goes to the next backend in turn and is piped both ways; keep-alive
// connections stay on the backend they started on, as with an L4 load balancer.
// Usage: BACKENDS=127.0.0.1:8101,127.0.0.1:8102 PORT=0 tsx bench/proxy.ts  → prints `listening <port>`.
import net from 'node:net'

const backends = (process.env.BACKENDS ?? '')
  .split(',')
  .filter(Boolean)
  .map((b) => {
    const [host, port] = b.split(':')
    return { host, port: Number(port) }
  })
if (backends.length === 0) throw new Error('BACKENDS is empty')
let next = 0

const server = net.createServer((client) => {
  const target = backends[next++ % backends.length]
  const upstream = net.connect(target.port, target.host)
  client.setNoDelay(true)
  upstream.setNoDelay(true)
  client.pipe(upstream)
  upstream.pipe(client)
  const close = (): void => {
    client.destroy()
    upstream.destroy()
  }
  client.on('error', close)
  upstream.on('error', close)
  client.on('close', close)
  upstream.on('close', close)
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const addr = server.address()
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
})
process.on('SIGTERM', () => process.exit(0)) // the bench is done with it: no draining
