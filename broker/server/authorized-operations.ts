// Kafka's authorized-operations bit sets (AclOperation codes). The bundled broker has no ACLs
// yet, so every operation that applies to a resource type is allowed.
const bits = (...ops: number[]) => ops.reduce((set, op) => set | (1 << op), 0);

const READ = 3, WRITE = 4, CREATE = 5, DELETE = 6, ALTER = 7, DESCRIBE = 8, CLUSTER_ACTION = 9,
  DESCRIBE_CONFIGS = 10, ALTER_CONFIGS = 11, IDEMPOTENT_WRITE = 12, CREATE_TOKENS = 13, DESCRIBE_TOKENS = 14;

/** The value Kafka sends when the client did not ask for authorized operations. */
export const NOT_REQUESTED = -2147483648;
export const TOPIC_OPERATIONS = bits(READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS);
export const CLUSTER_OPERATIONS = bits(CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS,
  IDEMPOTENT_WRITE, CREATE_TOKENS, DESCRIBE_TOKENS);
