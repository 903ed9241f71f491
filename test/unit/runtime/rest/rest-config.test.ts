import { hostname } from 'node:os';
import { describe, expect, test } from '@jest/globals';
import { advertisedUrl, parseListener, restConfigFrom } from '../../../../runtime/rest/rest-config.ts';

describe('REST worker settings', () => {
  test('defaults: http://:8083, CORS off, topic tracking on', () => {
    expect(restConfigFrom({})).toEqual({
      listeners: [{ protocol: 'http', host: '', port: 8083 }], advertisedHostName: null, advertisedPort: null, advertisedListener: null,
      allowOrigin: '', allowMethods: '', topicTrackingEnabled: true, topicTrackingResetEnabled: true,
    });
  });

  test('listeners: several, IPv6 in brackets; https and junk are refused', () => {
    expect(restConfigFrom({ listeners: 'http://localhost:0, http://[::1]:8084' }).listeners)
      .toEqual([{ protocol: 'http', host: 'localhost', port: 0 }, { protocol: 'http', host: '::1', port: 8084 }]);
    expect(() => parseListener('https://:8443')).toThrow('Invalid value https://:8443 for configuration listeners: Listener protocol https is not supported (only http)');
    expect(() => parseListener('localhost:8083')).toThrow(/PROTOCOL:\/\/HOST:PORT/);
  });

  test('advertised URL: rest.advertised.* win; else the listener host and bound port; all interfaces → host name', () => {
    const plain = restConfigFrom({ listeners: 'http://127.0.0.1:0' });
    expect(advertisedUrl(plain, [41234]).href).toBe('http://127.0.0.1:41234/');
    expect(advertisedUrl(restConfigFrom({}), [8083]).hostname).toBe(hostname().toLowerCase());
    const advertised = restConfigFrom({ listeners: 'http://:8083', 'rest.advertised.host.name': 'connect-1', 'rest.advertised.port': '9000' });
    expect(advertisedUrl(advertised, [8083]).href).toBe('http://connect-1:9000/');
  });
});
