// Cross-origin requests as Kafka's Jetty CrossOriginFilter answers them, enabled only when
// `access.control.allow.origin` is set: the matching Origin is echoed back with credentials
// allowed; preflights get the allowed methods (`access.control.allow.methods`, Jetty's default
// GET,POST,HEAD) and are answered here.
import type { NextFunction, Request, Response } from 'express';

const DEFAULT_METHODS = 'GET,POST,HEAD';
const ALLOWED_HEADERS = ['X-Requested-With', 'Content-Type', 'Accept', 'Origin'];
const PREFLIGHT_MAX_AGE_S = '1800';

export function corsMiddleware(allowOrigin: string, allowMethods: string) {
  const origins = allowOrigin.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const methods = (allowMethods.trim() === '' ? DEFAULT_METHODS : allowMethods).split(',').map((m) => m.trim().toUpperCase());
  const allowed = (origin: string): boolean => origins.includes('*') || origins.includes(origin);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !allowed(origin)) return next();
    const requestedMethod = req.headers['access-control-request-method'];
    if (req.method === 'OPTIONS' && typeof requestedMethod === 'string') {
      if (!methods.includes(requestedMethod.toUpperCase())) return void res.status(200).end();
      const requestedHeaders = String(req.headers['access-control-request-headers'] ?? '').split(',').map((h) => h.trim()).filter((h) => h !== '');
      const lower = ALLOWED_HEADERS.map((h) => h.toLowerCase());
      if (!requestedHeaders.every((h) => lower.includes(h.toLowerCase()))) return void res.status(200).end();
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
        'Access-Control-Allow-Methods': methods.join(','),
        'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(','),
      });
      return void res.status(200).end();
    }
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    next();
  };
}
