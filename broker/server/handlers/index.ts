// Every API the broker serves. ApiVersions answers from this list.
import type { ApiHandler } from '../api-handler.ts';
import { alterConfigsHandler, incrementalAlterConfigsHandler } from './alter-configs.ts';
import { apiVersionsHandler } from './api-versions.ts';
import { createPartitionsHandler } from './create-partitions.ts';
import { createTopicsHandler } from './create-topics.ts';
import { deleteRecordsHandler } from './delete-records.ts';
import { deleteTopicsHandler } from './delete-topics.ts';
import { describeClusterHandler } from './describe-cluster.ts';
import { describeConfigsHandler } from './describe-configs.ts';
import { fetchHandler } from './fetch.ts';
import { initProducerIdHandler } from './init-producer-id.ts';
import { listOffsetsHandler } from './list-offsets.ts';
import { metadataHandler } from './metadata.ts';
import { produceHandler } from './produce.ts';

export function allHandlers(): ApiHandler[] {
  const handlers: ApiHandler[] = [
    produceHandler, fetchHandler, listOffsetsHandler, metadataHandler,
    createTopicsHandler, deleteTopicsHandler, createPartitionsHandler, deleteRecordsHandler,
    describeConfigsHandler, alterConfigsHandler, incrementalAlterConfigsHandler,
    describeClusterHandler, initProducerIdHandler,
  ];
  handlers.push(apiVersionsHandler(() => handlers));
  return handlers;
}
