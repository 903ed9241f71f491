// Config resource types and the checks shared by DescribeConfigs and the AlterConfigs APIs.
import { KafkaError } from '../kafka-error.ts';

export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

export function checkBrokerResource(name: string, nodeId: number): void {
  if (name !== '' && name !== String(nodeId)) {
    throw new KafkaError('INVALID_REQUEST', `Unexpected broker id, expected ${nodeId} or empty string, but received ${name}`);
  }
}

/** Broker settings are read from server.properties at start-up; none can be changed at run time yet. */
export function rejectBrokerAlter(name: string, nodeId: number): never {
  checkBrokerResource(name, nodeId);
  throw new KafkaError('INVALID_REQUEST',
    'The bundled broker does not support changing broker configs at run time; set them in server.properties and restart.');
}
