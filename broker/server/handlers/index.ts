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
import { deleteGroupsHandler } from './delete-groups.ts';
import { describeGroupsHandler } from './describe-groups.ts';
import { findCoordinatorHandler } from './find-coordinator.ts';
import { heartbeatHandler } from './heartbeat.ts';
import { joinGroupHandler } from './join-group.ts';
import { leaveGroupHandler } from './leave-group.ts';
import { listGroupsHandler } from './list-groups.ts';
import { offsetCommitHandler } from './offset-commit.ts';
import { offsetDeleteHandler } from './offset-delete.ts';
import { offsetFetchHandler } from './offset-fetch.ts';
import { syncGroupHandler } from './sync-group.ts';

export function allHandlers(): ApiHandler[] {
  const handlers: ApiHandler[] = [
    produceHandler, fetchHandler, listOffsetsHandler, metadataHandler,
    createTopicsHandler, deleteTopicsHandler, createPartitionsHandler, deleteRecordsHandler,
    describeConfigsHandler, alterConfigsHandler, incrementalAlterConfigsHandler,
    describeClusterHandler, initProducerIdHandler,
    findCoordinatorHandler, joinGroupHandler, syncGroupHandler, heartbeatHandler, leaveGroupHandler,
    offsetCommitHandler, offsetFetchHandler, listGroupsHandler, describeGroupsHandler, deleteGroupsHandler, offsetDeleteHandler,
  ];
  handlers.push(apiVersionsHandler(() => handlers));
  return handlers;
}
