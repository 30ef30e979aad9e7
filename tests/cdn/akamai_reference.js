// Reference Akamai EdgeAuth tokens for the streamforge signer tests (peer: npm akamai-edgeauth,
// installed by tests/backends/install.sh). Reads a JSON array of cases on stdin:
//   {"options": {key, algorithm, salt, ip, payload, sessionId, startTime, endTime, escapeEarly,
//                fieldDelimiter, aclDelimiter}, "mode": "url"|"acl", "path": "..."}
// and writes a JSON array of tokens (or "ERROR: message") on stdout.
'use strict'
const path = require('path')
const EdgeAuth = require(process.env.AKAMAI_EDGEAUTH_MODULE ||
                         path.join(__dirname, '..', 'backends', 'node_modules', 'akamai-edgeauth'))

let input = ''
process.stdin.on('data', (d) => { input += d })
process.stdin.on('end', () => {
  const out = JSON.parse(input).map((c) => {
    try {
      const ea = new EdgeAuth(Object.assign({}, c.options))
      return c.mode === 'acl' ? ea.generateACLToken(c.path) : ea.generateURLToken(c.path)
    } catch (e) {
      return 'ERROR: ' + e.message
    }
  })
  process.stdout.write(JSON.stringify(out))
})
