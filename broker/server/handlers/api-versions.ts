// ApiVersions: the versions of every API this broker serves, derived from the registered handlers.
import { decodeApiVersionsRequest, encodeApiVersionsResponse, type ApiVersionsResponse } from '../../protocol/generated/api-versions.ts';
import { ErrorCodes } from '../../protocol/errors.ts';
import { defineHandler, type ApiHandler } from '../api-handler.ts';
import { apiRange } from '../api-range.ts';

// Kafka's rule for client software names and versions (KIP-511).
const SOFTWARE_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export function apiVersionsResponse(handlers: readonly ApiHandler[], errorCode: number): ApiVersionsResponse {
  return {
    errorCode,
    apiKeys: handlers.map((h) => ({ apiKey: h.apiKey, minVersion: h.advertisedMinVersion ?? h.minVersion, maxVersion: h.maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey),
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1,
    finalizedFeatures: [],
    zkMigrationReady: false,
  };
}

export function apiVersionsHandler(handlers: () => readonly ApiHandler[]) {
  return defineHandler({
    ...apiRange('ApiVersions'),
    decode: decodeApiVersionsRequest,
    encode: encodeApiVersionsResponse,
    handle(request, ctx) {
      const valid = ctx.apiVersion < 3 ||
        (SOFTWARE_PATTERN.test(request.clientSoftwareName) && SOFTWARE_PATTERN.test(request.clientSoftwareVersion));
      return apiVersionsResponse(handlers(), valid ? ErrorCodes.NONE : ErrorCodes.INVALID_REQUEST);
    },
  });
}
