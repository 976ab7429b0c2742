// Saves a file the server built (CSV exports): a Blob from base64 and a temporary link.
window.mmDownload = function (fileName, contentType, base64) {
    const bytes = Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
    const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
};
