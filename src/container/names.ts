// Random container names in podman's `adjective_surname` shape, from Berth's own word lists; name validation.
import { randomBytes, randomInt } from '../sys/random.ts';
import { BerthError } from '../util/errors.ts';

const ADJECTIVES = [
  'agile', 'amber', 'ancient', 'arctic', 'bold', 'brave', 'breezy', 'bright', 'brisk', 'calm', 'candid', 'cheerful',
  'clever', 'cosmic', 'crisp', 'curious', 'daring', 'dazzling', 'deft', 'eager', 'earnest', 'electric', 'elegant',
  'epic', 'fearless', 'fervent', 'festive', 'fluent', 'focused', 'frosty', 'gallant', 'gentle', 'gifted', 'golden',
  'graceful', 'hardy', 'hearty', 'humble', 'jolly', 'jovial', 'keen', 'kind', 'lively', 'lucid', 'lucky', 'luminous',
  'merry', 'mellow', 'mighty', 'modest', 'nimble', 'noble', 'patient', 'peaceful', 'plucky', 'polite', 'proud',
  'quiet', 'quirky', 'radiant', 'rapid', 'resolute', 'robust', 'rustic', 'serene', 'sharp', 'shiny', 'silent',
  'sincere', 'snowy', 'spry', 'stellar', 'steady', 'stoic', 'sturdy', 'sunny', 'swift', 'tender', 'thrifty', 'tidy',
  'tranquil', 'trusty', 'upbeat', 'valiant', 'vibrant', 'vigilant', 'vivid', 'warm', 'wise', 'witty', 'zealous',
];

// Surnames of people who shaped computing, mathematics and science.
const SURNAMES = [
  'agnesi', 'allen', 'babbage', 'backus', 'bartik', 'bell', 'bohr', 'boole', 'borg', 'cantor', 'carson', 'cerf',
  'church', 'codd', 'conway', 'curie', 'dijkstra', 'euclid', 'euler', 'faraday', 'fermat', 'feynman', 'franklin',
  'galois', 'gauss', 'germain', 'goldberg', 'hamilton', 'hamming', 'hertz', 'hilbert', 'hodgkin', 'hopper',
  'hypatia', 'jackson', 'johnson', 'kahan', 'kepler', 'knuth', 'kowalevski', 'lamarr', 'lamport', 'leavitt',
  'leibniz', 'liskov', 'lovelace', 'maxwell', 'mccarthy', 'meitner', 'mendel', 'milner', 'minsky', 'mirzakhani',
  'napier', 'nash', 'neumann', 'newton', 'noether', 'pascal', 'perlman', 'planck', 'poincare', 'ramanujan',
  'ritchie', 'rivest', 'sammet', 'shamir', 'shannon', 'somerville', 'stallman', 'sutherland', 'tesla', 'thompson',
  'torvalds', 'turing', 'volta', 'wiles', 'wilkes', 'wing', 'wozniak', 'wu', 'yalow', 'yonath', 'zuse',
];

/** A random `adjective_surname`; `taken` decides collisions (after a few tries a digit is appended, as podman). */
export function randomContainerName(taken: (name: string) => boolean): string {
  for (let i = 0; i < 10; i++) {
    const name = `${ADJECTIVES[randomInt(ADJECTIVES.length)]}_${SURNAMES[randomInt(SURNAMES.length)]}`;
    const candidate = i < 5 ? name : `${name}${randomInt(10)}`;
    if (!taken(candidate)) return candidate;
  }
  return `berth_${randomBytes(6).toString('hex')}`;
}

/** A new container ID: 64 random hex digits (never all digits, so it cannot read as a number). */
export function newContainerId(): string {
  for (;;) {
    const id = randomBytes(32).toString('hex');
    if (/[a-f]/.test(id)) return id;
  }
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Podman's container name rule. */
export function validateContainerName(name: string): void {
  if (!NAME_RE.test(name)) {
    throw new BerthError('invalid-argument', `names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument`);
  }
}

export const WORD_LISTS = { adjectives: ADJECTIVES, surnames: SURNAMES };
