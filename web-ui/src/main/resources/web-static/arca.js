// Copy buttons on the image page. Without JavaScript the commands are plain text to select; the buttons stay hidden.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var text = document.getElementById(button.getAttribute('data-copy')).textContent;
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = 'Copied';
      }, function () {
        button.textContent = 'Select and copy';
      });
    });
  });
});
