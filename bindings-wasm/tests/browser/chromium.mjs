// How the browser tests and the browser benchmark start Chromium: Debian's build (never a
// downloaded browser), headless, with nothing that would reach the network on its own.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
