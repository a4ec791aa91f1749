import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';

// pkijs looks its engine up globally; parsing and encoding need none, but any pkijs call that
// hashes or verifies must use Node's WebCrypto rather than whatever was set first.
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));
