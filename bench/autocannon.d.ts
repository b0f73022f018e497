// The slice of autocannon@9's programmatic API the benchmarks use (it ships no types).
declare module "autocannon" {
  interface Histogram {
    readonly average: number
    readonly mean: number
    readonly p50: number
    readonly p90: number
    readonly p99: number
    readonly max: number
    readonly total: number
  }
  interface RawRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
  }
  interface Options {
    readonly url: string
    readonly connections?: number
    readonly method?: string
    readonly headers?: Record<string, string>
    readonly duration?: number
    readonly pipelining?: number
    readonly timeout?: number
    readonly requests?: ReadonlyArray<RawRequest & { setupRequest?: (request: RawRequest) => RawRequest }>
  }
  interface Result {
    readonly requests: Histogram
    readonly latency: Histogram
    readonly throughput: Histogram
    readonly errors: number
    readonly timeouts: number
    readonly non2xx: number
    readonly "2xx": number
    readonly duration: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
