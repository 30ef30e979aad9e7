// Content Steering failover probe, loaded by steering.html. It plays and records into
// window.__st; steering_failover.mjs makes a CDN fail and judges. Decides nothing except
// done=true at `ended` or on a fatal error.
'use strict';
(function () {
  const q = new URLSearchParams(location.search);
  const playerName = q.get('player') || 'hlsjs';
  const src = q.get('src');
  const rate = parseFloat(q.get('rate') || '2');
  const bufferAhead = parseFloat(q.get('buffer') || '4');
  const video = document.getElementById('v');
  const t0 = performance.now();
  const now = () => Math.round(performance.now() - t0);

  const st = window.__st = {
    player: playerName, src, version: null,
    events: [], errors: [], warnings: [],
    ended: false, endedCt: null, duration: null, currentTime: 0, played: [],
    done: false, fatal: null,
  };
  const log = (type, detail) => {
    st.events.push({ t: now(), ct: +video.currentTime.toFixed(2), type, detail: String(detail === undefined ? '' : detail).slice(0, 300) });
    if (st.events.length > 400) st.events.splice(100, 1);
  };
  const warn = (what) => { st.warnings.push(String(what).slice(0, 400)); log('warning', what); };
  const fail = (what) => { st.errors.push(String(what).slice(0, 400)); log('ERROR', what); };
  const finish = () => { snapshot(); st.done = true; };
  const fatal = (what) => { fail(what); st.fatal = String(what).slice(0, 400); finish(); };
  const ranges = (tr) => { const r = []; for (let i = 0; i < tr.length; i++) r.push([+tr.start(i).toFixed(3), +tr.end(i).toFixed(3)]); return r; };
  function snapshot() {
    st.currentTime = video.currentTime;
    st.duration = video.duration;
    st.played = ranges(video.played);
  }
  setInterval(snapshot, 200);
  video.addEventListener('ended', () => { st.ended = true; st.endedCt = video.currentTime; log('ended'); finish(); });
  video.addEventListener('error', () => fatal('HTMLMediaElement error ' + (video.error && video.error.code) + ' ' + (video.error && video.error.message)));
  video.addEventListener('playing', () => { log('playing'); if (video.playbackRate !== rate) video.playbackRate = rate; });
  window.addEventListener('error', (e) => fail('page error: ' + e.message));
  window.addEventListener('unhandledrejection', (e) => fail('unhandled rejection: ' + (e.reason && (e.reason.message || e.reason.code || e.reason))));
  const play = () => {
    video.playbackRate = rate;
    video.play().catch((e) => fail('play() rejected: ' + e.message));
  };

  // ---- hls.js: EXT-X-CONTENT-STEERING + PATHWAY-ID (its ContentSteeringController, in the full build).
  // On a fragment/playlist error with no other level to try, hls.js penalizes the Pathway and
  // moves to the next one in PATHWAY-PRIORITY; the steering server's answer moves it too. One retry
  // per request (not the default six) keeps the failover inside the test's time budget.
  function runHlsjs() {
    if (!window.Hls) return fatal('hls.js did not load');
    st.version = Hls.version;
    const quick = { maxTimeToFirstByteMs: 4000, maxLoadTimeMs: 10000,
                    timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
                    errorRetry: { maxNumRetry: 1, retryDelayMs: 200, maxRetryDelayMs: 400 } };
    const hls = window.__hls = new Hls({
      maxBufferLength: bufferAhead, maxMaxBufferLength: bufferAhead, backBufferLength: 10, enableWorker: true,
      fragLoadPolicy: { default: quick }, playlistLoadPolicy: { default: quick },
    });
    hls.on(Hls.Events.ERROR, (_e, d) => {
      const msg = 'hls.js ' + d.type + '/' + d.details + (d.fatal ? ' FATAL' : '') + (d.error ? ': ' + d.error.message : '') +
        (d.frag ? ' frag=' + d.frag.url : '') + (d.response ? ' http=' + d.response.code : '') +
        (d.errorAction ? ' action=' + d.errorAction.action + (d.errorAction.resolved ? ' resolved' : '') : '');
      if (d.fatal) return fatal(msg);
      warn(msg);  // the failing CDN's 503s: expected, judged by the runner from the request log
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      log('manifestParsed', hls.levels.length + ' levels; pathways ' + JSON.stringify(hls.pathways) + ' current ' + hls.pathwayPriority);
      play();
    });
    hls.on(Hls.Events.STEERING_MANIFEST_LOADED, (_e, d) => log('steeringManifest', JSON.stringify(d.steeringManifest)));
    hls.on(Hls.Events.LEVELS_UPDATED, (_e, d) => log('levelsUpdated', d.levels.map((l) => l.pathwayId + ':' + l.height).join(',')));
    hls.on(Hls.Events.LEVEL_SWITCHED, (_e, d) => log('levelSwitched', d.level + ' ' + (hls.levels[d.level] && hls.levels[d.level].url[0])));
    hls.on(Hls.Events.FRAG_LOADED, (_e, d) => log('fragLoaded', d.frag.type + ' ' + d.frag.url));
    hls.attachMedia(video);
    hls.loadSource(src);
  }

  // ---- dash.js: <ContentSteering> + BaseURL@serviceLocation (applyContentSteering, on by default).
  // A failed segment request puts its BaseURL on dash.js's blacklist and the next one is used.
  function runDashjs() {
    if (!window.dashjs) return fatal('dash.js did not load');
    const player = window.__dash = dashjs.MediaPlayer().create();
    st.version = player.getVersion();
    player.updateSettings({
      debug: { logLevel: dashjs.Debug ? dashjs.Debug.LOG_LEVEL_WARNING : 3 },
      streaming: {
        applyContentSteering: true,
        buffer: { bufferTimeDefault: bufferAhead, bufferTimeAtTopQuality: bufferAhead, bufferTimeAtTopQualityLongForm: bufferAhead },
        retryAttempts: { MediaSegment: 1, InitializationSegment: 1 },
        retryIntervals: { MediaSegment: 200, InitializationSegment: 200 },
      },
    });
    const E = dashjs.MediaPlayer.events;
    player.on(E.ERROR, (e) => {
      const msg = 'dash.js error: ' + JSON.stringify(e.error || e).slice(0, 400);
      // dash.js reports each failed segment download as an ERROR event too; it is fatal only when
      // playback cannot continue, which `ended` (or a stall) then shows. Downloads are judged from
      // the request log.
      // A failed steering request does not stop dash.js either (it keeps its last answer); the
      // runner fails the run on any refused steering request.
      const steeringRequest = e && e.error && e.error.data && e.error.data.request && e.error.data.request.type === 'ContentSteering';
      if (e && e.error && ([17, 26, 27, 28].includes(e.error.code) || steeringRequest)) warn(msg); else fatal(msg);
    });
    player.on(E.PLAYBACK_ERROR, (e) => fatal('dash.js playbackError: ' + JSON.stringify(e.error || e).slice(0, 400)));
    player.on(E.BASE_URLS_UPDATED, (e) => log('baseUrlsUpdated', JSON.stringify(e.urls || e).slice(0, 300)));
    for (const ev of ['SERVICE_LOCATION_BASE_URL_BLACKLIST_CHANGED', 'SERVICE_LOCATION_LOCATION_BLACKLIST_CHANGED', 'CONTENT_STEERING_REQUEST_COMPLETED']) {
      if (E[ev]) player.on(E[ev], (e) => log('dash.' + E[ev], JSON.stringify(e && (e.entries || e.currentSteeringResponseData || e)).slice(0, 300)));
    }
    player.on(E.FRAGMENT_LOADING_COMPLETED, (e) => log('fragmentLoaded', e.request && e.request.mediaType + ' ' + e.request.url));
    player.on(E.STREAM_INITIALIZED, () => { log('streamInitialized'); play(); });
    player.initialize(video, src, false);
  }

  // ---- Shaka Player: both manifest forms through its ContentSteeringManager. A failed request
  // falls through to the next location's URI (retryParameters), and the location is banned.
  async function runShaka() {
    if (!window.shaka) return fatal('Shaka Player did not load');
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) return fatal('shaka.Player.isBrowserSupported() is false');
    st.version = shaka.Player.version;
    const player = window.__shaka = new shaka.Player();
    const retry = { maxAttempts: +(q.get("shakaAttempts") || 2), baseDelay: 200, backoffFactor: 1, fuzzFactor: 0, timeout: 8000, stallTimeout: 0, connectionTimeout: 4000 };
    player.configure({
      streaming: { bufferingGoal: bufferAhead, rebufferingGoal: 1, bufferBehind: 10, retryParameters: retry },
      manifest: { retryParameters: retry },
    });
    player.addEventListener('error', (ev) => {
      const d = ev.detail || {};
      const msg = 'shaka error code=' + d.code + ' category=' + d.category + ' severity=' + d.severity + ' data=' + JSON.stringify(d.data || []).slice(0, 300);
      if (d.severity === 2) fatal(msg); else warn(msg);
    });
    player.addEventListener('adaptation', (ev) => log('adaptation', ev.newTrack && ev.newTrack.height + 'p'));
    player.getNetworkingEngine().registerResponseFilter((type, response) => {
      if (type === shaka.net.NetworkingEngine.RequestType.SEGMENT) log('segmentLoaded', response.uri);
    });
    try {
      await player.attach(video);
      await player.load(src);
    } catch (e) {
      return fatal('shaka load failed: code=' + (e && e.code) + ' ' + (e && (e.message || JSON.stringify(e.data || ''))));
    }
    log('loaded', player.getVariantTracks().length + ' variants');
    play();
  }

  const libs = { hlsjs: '/lib/hls.js', dashjs: '/lib/dash.js', shaka: '/lib/shaka.js' };
  const runners = { hlsjs: runHlsjs, dashjs: runDashjs, shaka: runShaka };
  if (!libs[playerName]) return fatal('unknown player ' + playerName);
  if (!src) return fatal('no src= given');
  const s = document.createElement('script');
  s.src = libs[playerName];
  s.onload = () => { log('library', playerName); Promise.resolve(runners[playerName]()).catch((e) => fatal('runner threw: ' + e.message)); };
  s.onerror = () => fatal('could not load ' + libs[playerName]);
  document.head.appendChild(s);
})();
