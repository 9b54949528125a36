/** haven for Node.js: a high-availability Valkey/Redis client. */
export {
  Client,
  Batch,
  ConnectOptions,
  RequestOptions,
  Message,
  CachedOptions,
  StaleValue,
  Loader,
  Writer,
  GetOrLoadOptions,
  WriteThroughOptions,
} from "./client";
export {
  Backoff,
  TlsConfig,
  StandaloneConfig,
  ClusterConfig,
  SentinelConfig,
  MultiEndpointConfig,
  Endpoint,
  CircuitBreaker,
  HealthCheck,
  Config,
  ClientCache,
  READ_FROM,
  PROTOCOLS,
  CACHE_MODES,
} from "./config";
export {
  HavenError,
  ResponseError,
  TimeoutError,
  ConnectionError,
  ClusterError,
  NoHealthyEndpointError,
  BackpressureError,
  ClosingError,
  ConfigError,
} from "./errors";
export { HavenEvent, NodeInfo, EndpointHealth, CacheStats, LoadStats } from "./native";
export { SetOptions, ScanOptions, ZMember, Arg } from "./commands";
