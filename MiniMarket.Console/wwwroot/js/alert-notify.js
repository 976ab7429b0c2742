// Opt-in notification and sound for new critical alerts (Components/Controls/AlertNotifier.razor). The choice is kept
// per browser in localStorage; the sound is a short WebAudio beep (no file to download, and it only plays after the
// person clicked the bell on this page, as browsers require).
window.mmAlerts = {
    key: "mm-alert-notify",
    enabled: function () { return localStorage.getItem(this.key) === "1"; },
    permission: function () { return ("Notification" in window) ? Notification.permission : "unsupported"; },
    enable: async function () {
        localStorage.setItem(this.key, "1");
        if (!("Notification" in window)) return "unsupported";
        return Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
    },
    disable: function () { localStorage.setItem(this.key, "0"); },
    notify: function (title, body, url, tag) {
        if (("Notification" in window) && Notification.permission === "granted") {
            try {
                const n = new Notification(title, { body: body, tag: tag, requireInteraction: true });
                n.onclick = function () { window.focus(); window.location.href = url; n.close(); };
            } catch (e) { /* some browsers only allow notifications from a service worker */ }
        }
        this.beep();
    },
    beep: function () {
        try {
            const ctx = new (window.AudioContext || window.webkitAudioContext)();
            const tone = ctx.createOscillator();
            const gain = ctx.createGain();
            tone.type = "square";
            tone.frequency.value = 880;
            gain.gain.value = 0.08;
            tone.connect(gain);
            gain.connect(ctx.destination);
            tone.start();
            tone.stop(ctx.currentTime + 0.3);
            tone.onended = function () { ctx.close(); };
        } catch (e) { /* no audio device */ }
    }
};
