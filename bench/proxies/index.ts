/** Every configuration the benchmark knows, in report column order. */
import { direct } from './direct.js';
import { onhandshake } from './onhandshake.js';
import { httpProxy } from './http-proxy.js';
import { nginx } from './nginx.js';
import { haproxy } from './haproxy.js';
import type { TargetDefinition } from './target.js';

export const TARGETS: readonly TargetDefinition[] = [direct, onhandshake, httpProxy, nginx, haproxy];
