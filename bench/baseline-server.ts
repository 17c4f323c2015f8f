// The bench's yardstick: a minimal Fastify "hello world" on the same machine, loaded with the same tool and
// connections as each of our measures, so ours/baseline holds on a busy machine. PORT=0 picks a free port;
// prints `listening <port>` when ready.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/', async () => ({ hello: 'world' }))
app.post('/', async () => ({ hello: 'world' }))
app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' }).then(() => {
  const addr = app.server.address()
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
})
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
