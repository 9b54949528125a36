/** haven for Node.js: a high-availability Valkey/Redis client. */
export { Client, Batch, ConnectOptions, RequestOptions, Message } from "./client";
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
  READ_FROM,
  PROTOCOLS,
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
export { HavenEvent, NodeInfo, EndpointHealth } from "./native";
export { SetOptions, ScanOptions, ZMember, Arg } from "./commands";
