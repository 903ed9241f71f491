// Kafka's Uuid in its string form: 16 random bytes, URL-safe base64 without padding (22 chars).
import { randomBytes } from 'node:crypto';

/** Kafka's Uuid.ZERO_UUID: "no topic id" on the wire. */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
/** Kafka reserves the uuid 0…01 (the metadata topic's id). */
const METADATA_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

/** A fresh Kafka Uuid string; like Kafka, never a reserved one nor one starting with '-'. */
export function randomKafkaUuid(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (id !== ZERO_UUID && id !== METADATA_TOPIC_ID && !id.startsWith('-')) return id;
  }
}

export function isKafkaUuid(text: string): boolean {
  return /^[A-Za-z0-9_-]{21}[AQgw]$/.test(text);
}
