/* The login page: says why it is shown (wrong password, logged out). */
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const q = new URLSearchParams(location.search);
  const msg = document.getElementById('login-message');
  if (q.has('error')) {
    msg.textContent = '用户名或密码错误。 Wrong user name or password.';
    msg.className = 'notice error';
    msg.hidden = false;
  } else if (q.has('logout')) {
    msg.textContent = '您已退出登录。 You have logged out.';
    msg.className = 'notice ok';
    msg.hidden = false;
  }
});
