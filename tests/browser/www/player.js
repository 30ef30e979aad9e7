// streamforge browser playback probe. Loaded by player.html; everything observable goes into
// window.__sf, which run.mjs polls and judges. This page only plays and records; it decides
// nothing about PASS/FAIL (except setting done=true when `ended` fired or a fatal error happened).
'use strict';
(function () {
  const q = new URLSearchParams(location.search);
  const playerName = q.get('player') || 'hlsjs';
  const src = q.get('src');
  const rate = parseFloat(q.get('rate') || '4');
  const switchAt = parseFloat(q.get('switchAt') || '3');   // media seconds played before the switch
  const bufferAhead = parseFloat(q.get('buffer') || '6');  // forward buffer goal, seconds
  const flush = q.get('flush') === '1';                     // flush the buffer on switch (else: smooth)
  const stallLimit = parseFloat(q.get('stall') || '20');    // s without progress after `playing` = stalled
  const endStallLimit = 3;                                  // s without progress at the very end = stuck
  const startTimeout = parseFloat(q.get('startTimeout') || '0'); // encrypted runs: s until the first decoded frame
  const video = document.getElementById('v');
  const t0 = performance.now();
  const now = () => Math.round(performance.now() - t0);

  const sf = window.__sf = {
    player: playerName, src, rate, switchAt, bufferAhead, flush,
    version: null,
    codecs: {},
    renditions: [],        // video renditions as the player lists them: {index/id, height, width, bandwidth}
    low: null, high: null, // the renditions chosen as start / switch target
    heights: [],           // distinct video.videoHeight values, in order of first appearance
    heightLog: [],         // {h, ct, t}
    events: [],            // {t, ct, type, detail} -- a trimmed player/video event log
    errors: [],            // errors that fail the test
    warnings: [],          // non-fatal player errors that the player recovered from (reported only)
    seeks: [],             // media times of `seeking` events: we never seek, so these are player gap jumps
    stalled: false, stuckAtEnd: false, stall: null,
    switchRequestedAt: null,
    switchReported: null,  // {event, ct, detail}
    ended: false,
    endedCt: null, endedDuration: null,
    duration: null, currentTime: 0,
    played: [], buffered: [],
    quality: null,
    done: false,
    fatal: null,
  };
  const log = (type, detail) => {
    detail = detail === undefined ? '' : String(detail).slice(0, 300);
    const last = sf.events[sf.events.length - 1], prev = sf.events[sf.events.length - 2];
    // Collapse repeating pairs/singles (e.g. a player's seeking/seeked retry loop) into a counter.
    if (last && prev && prev.type === type && prev.detail === detail && last.type !== type) { prev.repeat = (prev.repeat || 1) + 1; sf.events.push(sf.events.splice(-2, 1)[0]); return; }
    if (last && last.type === type && last.detail === detail) { last.repeat = (last.repeat || 1) + 1; return; }
    sf.events.push({ t: now(), ct: +video.currentTime.toFixed(3), type, detail });
    if (sf.events.length > 400) sf.events.splice(100, 1);
  };
  // (runs of NUL characters -- e.g. a binary license response quoted in a dash.js error -- are shortened)
  const fail = (what) => { what = String(what).replace(/(\\u0000|\u0000){4,}/g, '<NULs>'); sf.errors.push(what.slice(0, 500)); log('ERROR', what); };
  const fatal = (what) => { fail(what); sf.fatal = String(what).slice(0, 500); finish(); };
  const ranges = (tr) => { const r = []; for (let i = 0; i < tr.length; i++) r.push([+tr.start(i).toFixed(3), +tr.end(i).toFixed(3)]); return r; };
  function snapshot() {
    sf.currentTime = video.currentTime;
    sf.duration = video.duration;
    sf.played = ranges(video.played);
    sf.buffered = ranges(video.buffered);
    if (video.getVideoPlaybackQuality) {
      const pq = video.getVideoPlaybackQuality();
      sf.quality = { total: pq.totalVideoFrames, dropped: pq.droppedVideoFrames };
    }
    sf.readyState = video.readyState;
    sf.elementEnded = video.ended;
    sf.paused = video.paused;
    sf.playbackRate = video.playbackRate;
  }
  function finish() { snapshot(); sf.done = true; }

  // ---- Encrypted Media Extensions: what the CDM was asked and answered -------------------------
  // Everything EME does goes through these few browser APIs, whichever player drives it, so they are
  // wrapped here (before the player library loads) and recorded in sf.drm: the key system access,
  // MediaKeys on the element, the `encrypted` event and its init data, sessions, license messages,
  // update() results and the per-KID key statuses the CDM reports.
  const keysParam = q.get('keys') || '';        // kidhex:keyhex,... (ClearKey keys given to the player)
  const licenseUrl = q.get('license') || '';    // ClearKey license server (instead of the keys)
  const hex = (b) => Array.from(b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
    .map((x) => x.toString(16).padStart(2, '0')).join('');
  const hexToB64u = (h) => btoa(String.fromCharCode(...h.match(/../g).map((x) => parseInt(x, 16)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const b64uToHex = (s) => { try { return hex(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))); } catch (e) { return '?' + s; } };
  const clearKeys = keysParam ? keysParam.split(',').map((kv) => { const [kid, key] = kv.split(':'); return { kid, key }; }) : [];
  const drm = sf.drm = {
    enabled: !!(keysParam || licenseUrl), mode: licenseUrl ? 'license-server' : keysParam ? 'keys' : 'none',
    access: [],           // {keySystem, schemes, ok|error}
    mediaKeys: 0,         // setMediaKeys() calls with a MediaKeys that resolved
    encrypted: [],        // `encrypted` events: {initDataType, systems, kids}
    waitingForKey: 0,
    sessions: 0, generateRequests: [], messages: [], updates: 0, updatesOk: 0, updateErrors: [],
    keyStatuses: {},      // kid hex -> last status the CDM reported (usable, internal-error, ...)
    playerEvents: [],     // the player's own DRM events (dash.js keySessionCreated/licenseRequestComplete, Shaka drmsessionupdate)
  };
  // 'cenc' init data = pssh boxes: list their system IDs and (v1) KIDs.
  function parsePssh(buf) {
    const d = new DataView(buf instanceof ArrayBuffer ? buf : buf.buffer, buf.byteOffset || 0, buf.byteLength);
    const out = { systems: [], kids: [] };
    for (let off = 0; off + 32 <= d.byteLength;) {
      const size = d.getUint32(off);
      if (size < 32 || off + size > d.byteLength) break;
      const version = d.getUint8(off + 8);
      out.systems.push(hex(new Uint8Array(d.buffer, d.byteOffset + off + 12, 16)));
      if (version > 0) {
        const n = d.getUint32(off + 28);
        for (let i = 0; i < n && off + 32 + 16 * (i + 1) <= off + size; i++) out.kids.push(hex(new Uint8Array(d.buffer, d.byteOffset + off + 32 + 16 * i, 16)));
      }
      off += size;
    }
    return out;
  }
  function describeInitData(type, data) {
    try {
      if (type === 'cenc') return parsePssh(data);
      if (type === 'keyids') return { systems: [], kids: (JSON.parse(new TextDecoder().decode(data)).kids || []).map(b64uToHex) };
    } catch (e) { /* fall through */ }
    return { systems: [], kids: [] };
  }
  if (navigator.requestMediaKeySystemAccess) {
    const orig = navigator.requestMediaKeySystemAccess.bind(navigator);
    navigator.requestMediaKeySystemAccess = function (keySystem, configs) {
      const rec = { keySystem, schemes: [] };
      for (const c of configs || []) for (const cap of [].concat(c.videoCapabilities || [], c.audioCapabilities || [])) {
        const sch = cap.encryptionScheme || 'unspecified';
        if (!rec.schemes.includes(sch)) rec.schemes.push(sch);
      }
      if (drm.access.length < 20) drm.access.push(rec);
      return orig(keySystem, configs).then((a) => { rec.ok = true; log('eme-access', keySystem + ' ok ' + rec.schemes.join('/')); return a; },
                                           (e) => { rec.error = e && e.name; log('eme-access', keySystem + ' ' + (e && e.name)); throw e; });
    };
  }
  // Shaka asks for key system access through MediaCapabilities (keySystemConfiguration), not
  // requestMediaKeySystemAccess; record those answers too (one entry per key system and scheme).
  if (navigator.mediaCapabilities && navigator.mediaCapabilities.decodingInfo) {
    const orig = navigator.mediaCapabilities.decodingInfo.bind(navigator.mediaCapabilities);
    navigator.mediaCapabilities.decodingInfo = function (config) {
      const ksc = config && config.keySystemConfiguration;
      const p = orig(config);
      if (!ksc) return p;
      const sch = [(ksc.video && ksc.video.encryptionScheme), (ksc.audio && ksc.audio.encryptionScheme)].filter(Boolean);
      return p.then((r) => {
        const rec = { keySystem: ksc.keySystem, schemes: sch.length ? [...new Set(sch)] : ['unspecified'], via: 'mediaCapabilities' };
        if (r && r.keySystemAccess) rec.ok = true; else rec.error = 'not supported';
        const key = rec.keySystem + rec.schemes.join('/') + (rec.ok ? 'ok' : 'no');
        if (drm.access.length < 20 && !drm.access.some((a) => a.key === key)) { rec.key = key; drm.access.push(rec); }
        return r;
      });
    };
  }
  if (window.HTMLMediaElement && HTMLMediaElement.prototype.setMediaKeys) {
    const orig = HTMLMediaElement.prototype.setMediaKeys;
    HTMLMediaElement.prototype.setMediaKeys = function (mk) {
      return orig.call(this, mk).then((r) => { if (mk) drm.mediaKeys++; log('eme-setMediaKeys', mk ? 'set' : 'cleared'); return r; });
    };
  }
  if (window.MediaKeys && window.MediaKeySession) {
    const origCreate = MediaKeys.prototype.createSession;
    MediaKeys.prototype.createSession = function (...a) {
      const s = origCreate.apply(this, a);
      drm.sessions++;
      log('eme-createSession', a[0] || 'temporary');
      s.addEventListener('message', (ev) => {
        let body = '';
        try { body = new TextDecoder().decode(ev.message); } catch (e) { /* binary */ }
        if (drm.messages.length < 20) drm.messages.push({ type: ev.messageType, body: body.slice(0, 200) });
        log('eme-message', ev.messageType + ' ' + body.slice(0, 200));
      });
      s.addEventListener('keystatuseschange', () => {
        const st = [];
        s.keyStatuses.forEach((status, kid) => { drm.keyStatuses[hex(kid)] = status; st.push(hex(kid) + '=' + status); });
        log('eme-keystatuses', st.join(' '));
      });
      return s;
    };
    const origGen = MediaKeySession.prototype.generateRequest;
    MediaKeySession.prototype.generateRequest = function (type, data) {
      const d = describeInitData(type, data);
      if (drm.generateRequests.length < 20) drm.generateRequests.push({ initDataType: type, kids: d.kids, systems: d.systems });
      log('eme-generateRequest', type + ' kids=' + d.kids.join(','));
      return origGen.call(this, type, data).catch((e) => {
        drm.generateErrors = (drm.generateErrors || 0) + 1;
        log('eme-generateRequest', 'rejected ' + e + ' (init data ' + type + ' ' + (data && data.byteLength) + ' bytes)');
        throw e;
      });
    };
    const origUpdate = MediaKeySession.prototype.update;
    MediaKeySession.prototype.update = function (resp) {
      drm.updates++;
      return origUpdate.call(this, resp).then((r) => { drm.updatesOk++; log('eme-update', 'ok'); return r; },
                                              (e) => { drm.updateErrors.push(String(e && (e.name + ': ' + e.message))); log('eme-update', 'rejected ' + e); throw e; });
    };
  }
  video.addEventListener('encrypted', (ev) => {
    const d = ev.initData ? describeInitData(ev.initDataType, ev.initData) : { systems: [], kids: [] };
    if (drm.encrypted.length < 20) drm.encrypted.push({ initDataType: ev.initDataType, systems: d.systems, kids: d.kids });
    log('encrypted', ev.initDataType + ' systems=' + d.systems.join(',') + ' kids=' + d.kids.join(','));
  });
  video.addEventListener('waitingforkey', () => { drm.waitingForKey++; log('waitingforkey', ''); });
  const playerDrmEvent = (what, detail) => { if (drm.playerEvents.length < 40) drm.playerEvents.push(what); log(what, detail); };

  // Codec support as MSE sees it (what a packager may put in CODECS / codecs=).
  for (const c of ['video/mp4; codecs="avc1.42E01E"', 'video/mp4; codecs="avc1.4D401F"', 'video/mp4; codecs="avc1.64001F"',
                   'video/mp4; codecs="avc1.640028"', 'video/mp4; codecs="hvc1.1.6.L93.B0"', 'video/mp4; codecs="hev1.1.6.L93.B0"',
                   'video/mp4; codecs="vp09.00.31.08"', 'video/mp4; codecs="av01.0.05M.08"', 'audio/mp4; codecs="mp4a.40.2"',
                   'audio/mp4; codecs="mp4a.40.5"', 'audio/mp4; codecs="opus"', 'audio/mp4; codecs="flac"', 'audio/mp4; codecs="ec-3"',
                   'video/mp2t; codecs="avc1.64001F,mp4a.40.2"']) {
    try { sf.codecs[c] = window.MediaSource ? MediaSource.isTypeSupported(c) : false; } catch (e) { sf.codecs[c] = 'throws'; }
  }

  // ---- video element observation --------------------------------------------------------------
  function noteHeight() {
    const h = video.videoHeight;
    if (h > 0 && (sf.heightLog.length === 0 || sf.heightLog[sf.heightLog.length - 1].h !== h)) {
      sf.heightLog.push({ h, ct: +video.currentTime.toFixed(3), t: now() });
      if (!sf.heights.includes(h)) sf.heights.push(h);
    }
  }
  video.addEventListener('resize', () => { noteHeight(); log('resize', video.videoWidth + 'x' + video.videoHeight); });
  video.addEventListener('ended', () => {
    noteHeight();
    sf.ended = true; sf.endedCt = video.currentTime; sf.endedDuration = video.duration;
    log('ended', 'currentTime=' + video.currentTime + ' duration=' + video.duration);
    finish();
  });
  video.addEventListener('error', () => {
    const e = video.error;
    fatal('HTMLMediaElement error code=' + (e && e.code) + ' message=' + (e && e.message));
  });
  video.addEventListener('seeking', () => { sf.seekCount = (sf.seekCount || 0) + 1; if (sf.seeks.length < 10) sf.seeks.push(+video.currentTime.toFixed(3)); });
  for (const ev of ['loadedmetadata', 'playing', 'waiting', 'stalled', 'seeking', 'seeked', 'ratechange', 'durationchange', 'pause']) {
    video.addEventListener(ev, () => log(ev, ev === 'ratechange' ? video.playbackRate : ev === 'durationchange' ? video.duration : ''));
  }
  video.addEventListener('loadedmetadata', () => { video.playbackRate = rate; });

  let switchFn = null;
  let started = false, progressCt = -1, progressT = 0;
  video.addEventListener('playing', () => { started = true; });
  function tick() {
    noteHeight();
    snapshot();
    // No-frames watch (encrypted runs): a CDM without the right key decodes nothing; do not wait for
    // the stall limit (which only starts at `playing`).
    if (startTimeout > 0 && !sf.done && performance.now() - t0 > startTimeout * 1000 &&
        !(video.getVideoPlaybackQuality && video.getVideoPlaybackQuality().totalVideoFrames > 0)) {
      sf.noFrames = startTimeout; log('no-frames', 'no decoded video frame ' + startTimeout + ' s after the page loaded'); finish(); return;
    }
    // Stall watch: once playing, currentTime must keep moving until `ended`.
    if (started && !sf.done) {
      if (Math.abs(video.currentTime - progressCt) > 0.01) { progressCt = video.currentTime; progressT = performance.now(); }
      const idle = (performance.now() - progressT) / 1000;
      const atEnd = video.duration > 0 && video.currentTime >= video.duration - 0.25;
      if (atEnd && idle > endStallLimit) { sf.stuckAtEnd = true; sf.stall = endStallLimit; log('stuck-at-end', 'no ended event'); finish(); return; }
      if (idle > stallLimit) { sf.stalled = true; sf.stall = stallLimit; log('stalled', idle.toFixed(1) + ' s'); finish(); return; }
    }
    if (switchFn && sf.switchRequestedAt === null && video.currentTime >= switchAt && !sf.done) {
      sf.switchRequestedAt = +video.currentTime.toFixed(3);
      log('switch-request', 'to ' + JSON.stringify(sf.high));
      try { switchFn(); } catch (e) { fail('switch call threw: ' + e); }
    }
    // Players may reset the rate (e.g. Shaka sets 0 while buffering); keep asking for ours.
    if (!video.paused && video.playbackRate !== rate && video.playbackRate !== 0) video.playbackRate = rate;
  }
  video.addEventListener('timeupdate', tick);
  setInterval(tick, 100);
  window.addEventListener('error', (e) => fail('uncaught page error: ' + e.message));
  window.addEventListener('unhandledrejection', (e) => fail('unhandled rejection: ' + (e.reason && (e.reason.stack || e.reason.message || JSON.stringify(e.reason)) || e.reason)));

  function startPlayback() {
    video.muted = true;
    video.playbackRate = rate;
    const p = video.play();
    if (p && p.catch) p.catch((e) => fail('video.play() rejected: ' + e));
  }
  const pickLowHigh = () => {
    const vs = sf.renditions.filter((r) => r.height > 0);
    if (vs.length < 2) { fatal('need at least 2 video renditions with a height, player lists ' + JSON.stringify(sf.renditions)); return false; }
    const byH = vs.slice().sort((a, b) => a.height - b.height || a.bandwidth - b.bandwidth);
    sf.low = byH[0]; sf.high = byH[byH.length - 1];
    if (sf.low.height === sf.high.height) { fatal('all video renditions have the same height ' + sf.low.height + '; the videoHeight check needs distinct heights'); return false; }
    return true;
  };

  // ---- hls.js --------------------------------------------------------------------------------
  function runHlsjs() {
    if (!window.Hls) return fatal('hls.js did not load');
    sf.version = Hls.version;
    if (!Hls.isSupported()) return fatal('Hls.isSupported() is false (no MSE?)');
    const hls = window.__hls = new Hls({
      maxBufferLength: bufferAhead, maxMaxBufferLength: bufferAhead, backBufferLength: 10,
      capLevelToPlayerSize: false, startLevel: -1, debug: false, enableWorker: true,
    });
    hls.on(Hls.Events.ERROR, (_e, d) => {
      const msg = 'hls.js ' + d.type + '/' + d.details + (d.fatal ? ' FATAL' : '') + (d.error ? ': ' + d.error.message : '') +
        (d.frag ? ' frag=' + d.frag.url : '') + (d.response ? ' http=' + d.response.code : '');
      if (d.fatal) return fatal(msg);
      // Non-fatal errors: hls.js retried/recovered. Stall notices are expected at high playback
      // rates on slow machines. bufferAppendNoProgress (hls.js 1.7's heuristic that an append did
      // not grow the buffered range) fires once on the first alternate-audio MPEG-TS segment and is
      // recovered -- ffmpeg's own `-f hls` TS output with an audio group triggers exactly the same
      // one (checked), so it is hls.js, not the packaging; it is reported, and the coverage checks
      // below still fail a real gap. Anything
      // else (parsing, append errors, 404) is a packaging problem.
      if (/^buffer(Stalled|Nudge|SeekOverHole|AppendNoProgress)/.test(d.details)) sf.warnings.push(msg);
      else fail(msg);
    });
    hls.on(Hls.Events.MANIFEST_PARSED, (_e, d) => {
      sf.renditions = hls.levels.map((l, i) => ({ index: i, height: l.height, width: l.width, bandwidth: l.bitrate, codecs: [l.videoCodec, l.audioCodec].filter(Boolean).join(',') }));
      log('manifestParsed', JSON.stringify(sf.renditions));
      if (!pickLowHigh()) return;
      hls.currentLevel = sf.low.index;   // manual level = ABR off, start at the lowest
      startPlayback();
    });
    hls.on(Hls.Events.LEVEL_SWITCHED, (_e, d) => {
      log('levelSwitched', d.level);
      if (sf.switchRequestedAt !== null && sf.high && d.level === sf.high.index && !sf.switchReported)
        sf.switchReported = { event: 'hlsLevelSwitched', ct: +video.currentTime.toFixed(3), detail: 'level ' + d.level + ' (' + hls.levels[d.level].height + 'p)' };
    });
    hls.on(Hls.Events.FRAG_BUFFERED, (_e, d) => log('fragBuffered', d.frag.type + ' level=' + d.frag.level + ' sn=' + d.frag.sn));
    switchFn = () => {
      if (flush) hls.currentLevel = sf.high.index;  // immediate: flushes the forward buffer
      else hls.nextLevel = sf.high.index;           // smooth: next fragment boundary
    };
    hls.attachMedia(video);
    hls.loadSource(src);
  }

  // ---- dash.js -------------------------------------------------------------------------------
  function runDashjs() {
    if (!window.dashjs) return fatal('dash.js did not load');
    const player = window.__dash = dashjs.MediaPlayer().create();
    sf.version = player.getVersion();
    player.updateSettings({
      debug: { logLevel: dashjs.Debug ? dashjs.Debug.LOG_LEVEL_WARNING : 3 },
      streaming: {
        buffer: { bufferTimeDefault: bufferAhead, bufferTimeAtTopQuality: bufferAhead, bufferTimeAtTopQualityLongForm: bufferAhead, fastSwitchEnabled: flush },
        abr: { autoSwitchBitrate: { video: false, audio: false }, initialBitrate: { video: 1 } },
      },
    });
    const E = dashjs.MediaPlayer.events;
    player.on(E.ERROR, (e) => fatal('dash.js error: ' + JSON.stringify(e.error || e).slice(0, 400)));
    player.on(E.PLAYBACK_ERROR, (e) => fatal('dash.js playbackError: ' + JSON.stringify(e.error || e).slice(0, 400)));
    player.on(E.STREAM_INITIALIZED, () => {
      const reps = player.getRepresentationsByType('video') || [];
      sf.renditions = reps.map((r, i) => ({ index: i, id: r.id, height: r.height, width: r.width, bandwidth: r.bandwidth, codecs: r.codecs }));
      log('streamInitialized', JSON.stringify(sf.renditions));
      if (!pickLowHigh()) return;
      const cur = player.getCurrentRepresentationForType('video');
      log('startRepresentation', cur && cur.id + ' ' + cur.height + 'p');
      if (!cur || cur.id !== sf.low.id) player.setRepresentationForTypeById('video', sf.low.id, true);
      startPlayback();
    });
    player.on(E.QUALITY_CHANGE_REQUESTED, (e) => log('qualityChangeRequested', e.mediaType + ' ' + (e.newRepresentation && e.newRepresentation.id)));
    player.on(E.QUALITY_CHANGE_RENDERED, (e) => {
      const nr = e.newRepresentation;
      log('qualityChangeRendered', e.mediaType + ' ' + (nr && nr.id + ' ' + nr.height + 'p'));
      if (e.mediaType === 'video' && sf.switchRequestedAt !== null && nr && nr.id === sf.high.id && !sf.switchReported)
        sf.switchReported = { event: 'qualityChangeRendered', ct: +video.currentTime.toFixed(3), detail: 'representation ' + nr.id + ' (' + nr.height + 'p)' };
    });
    for (const ev of ['PLAYBACK_ENDED', 'BUFFER_EMPTY', 'BUFFER_LOADED', 'STREAM_DEACTIVATED', 'PLAYBACK_STALLED', 'PLAYBACK_PAUSED']) {
      if (E[ev]) player.on(E[ev], (e) => log('dash.' + E[ev], e && e.mediaType ? e.mediaType : ''));
    }
    if (drm.enabled) {
      // dash.js ClearKey: keys as {kid: key} in base64url without padding, or a license server URL.
      const pd = licenseUrl ? { serverURL: licenseUrl }
        : { clearkeys: Object.fromEntries(clearKeys.map(({ kid, key }) => [hexToB64u(kid), hexToB64u(key)])) };
      player.setProtectionData({ 'org.w3.clearkey': pd });
      const errOf = (e) => e && e.error ? (e.error.message || JSON.stringify(e.error)).toString().slice(0, 300) : '';
      for (const ev of ['KEY_SYSTEM_SELECTED', 'KEY_SESSION_CREATED', 'KEY_ADDED', 'LICENSE_REQUEST_COMPLETE', 'KEY_STATUSES_CHANGED', 'PROTECTION_CREATED']) {
        if (!E[ev]) continue;
        player.on(E[ev], (e) => {
          const err = errOf(e);
          playerDrmEvent('dash.' + E[ev], err ? 'ERROR ' + err : (e && e.data && e.data.keySystem ? e.data.keySystem.systemString : ''));
          if (err) fail('dash.js ' + E[ev] + ' error: ' + err);
        });
      }
      if (E.KEY_ERROR) player.on(E.KEY_ERROR, (e) => fail('dash.js keyError: ' + errOf(e)));
    }
    switchFn = () => player.setRepresentationForTypeById('video', sf.high.id, flush);
    player.initialize(video, src, false);
  }

  // ---- Shaka Player --------------------------------------------------------------------------
  async function runShaka() {
    if (!window.shaka) return fatal('Shaka Player did not load');
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) return fatal('shaka.Player.isBrowserSupported() is false');
    sf.version = shaka.Player.version;
    const player = window.__shaka = new shaka.Player();
    player.configure({
      abr: { enabled: false, defaultBandwidthEstimate: 1 },   // estimate 1 b/s => the initial choice is the lowest variant
      streaming: { bufferingGoal: bufferAhead, rebufferingGoal: 1, bufferBehind: 10 },
    });
    if (drm.enabled) {
      // Shaka ClearKey: keys as {kidhex: keyhex}, or a license server for 'org.w3.clearkey'.
      player.configure({ drm: licenseUrl ? { servers: { 'org.w3.clearkey': licenseUrl } }
        : { clearKeys: Object.fromEntries(clearKeys.map(({ kid, key }) => [kid, key])) } });
      player.addEventListener('drmsessionupdate', () => playerDrmEvent('shaka.drmsessionupdate', ''));
      player.addEventListener('keystatuschanged', () => playerDrmEvent('shaka.keystatuschanged', JSON.stringify(player.getKeyStatuses())));
    }
    player.addEventListener('error', (ev) => {
      const d = ev.detail || {};
      const msg = 'shaka error code=' + d.code + ' category=' + d.category + ' severity=' + d.severity + ' data=' + JSON.stringify(d.data || []).slice(0, 300);
      if (d.severity === 2) fatal(msg); else fail(msg);
    });
    const variantHeight = () => { const t = player.getVariantTracks().find((x) => x.active); return t ? t.height : null; };
    player.addEventListener('variantchanged', (ev) => {
      const nt = ev.newTrack;
      log('variantchanged', nt && nt.height + 'p id=' + nt.id);
      if (sf.switchRequestedAt !== null && nt && nt.height === sf.high.height && !sf.switchReported)
        sf.switchReported = { event: 'variantchanged', ct: +video.currentTime.toFixed(3), detail: 'variant ' + nt.id + ' (' + nt.height + 'p)' };
    });
    player.addEventListener('adaptation', (ev) => log('adaptation', ev.newTrack && ev.newTrack.height + 'p'));
    player.addEventListener('mediaqualitychanged', (ev) => {
      const mq = ev.mediaQuality || {};
      log('mediaqualitychanged', mq.contentType + ' ' + mq.height + 'p @' + ev.position);
      if (mq.contentType === 'video') sf.shakaRenderedHeights = (sf.shakaRenderedHeights || []).concat(mq.height);
    });
    try {
      await player.attach(video);
      await player.load(src);
    } catch (e) {
      return fatal('shaka load failed: code=' + (e && e.code) + ' ' + (e && (e.message || JSON.stringify(e.data || ''))));
    }
    // Audio is one track; one variant per video height (pick the lowest-bandwidth on ties).
    const tracks = player.getVariantTracks();
    sf.renditions = tracks.map((t) => ({ id: t.id, height: t.height, width: t.width, bandwidth: t.bandwidth, codecs: t.codecs }));
    log('loaded', 'active ' + variantHeight() + 'p; variants ' + JSON.stringify(sf.renditions));
    if (!pickLowHigh()) return;
    const lowTrack = tracks.find((t) => t.id === sf.low.id);
    if (!tracks.find((t) => t.active && t.id === sf.low.id)) player.selectVariantTrack(lowTrack, true);
    switchFn = () => player.selectVariantTrack(player.getVariantTracks().find((t) => t.id === sf.high.id), flush);
    startPlayback();
  }

  // ---- load the library, then run --------------------------------------------------------------
  const libs = { hlsjs: '/lib/hls.js', dashjs: '/lib/dash.js', shaka: '/lib/shaka.js' };
  const runners = { hlsjs: runHlsjs, dashjs: runDashjs, shaka: runShaka };
  if (!libs[playerName]) { fatal('unknown player ' + playerName); return; }
  if (!src) { fatal('no src= given'); return; }
  const s = document.createElement('script');
  s.src = libs[playerName];
  s.onload = () => { try { const r = runners[playerName](); if (r && r.catch) r.catch((e) => fatal('runner threw: ' + (e.stack || e))); } catch (e) { fatal('runner threw: ' + (e.stack || e)); } };
  s.onerror = () => fatal('could not load ' + libs[playerName]);
  document.head.appendChild(s);
})();
