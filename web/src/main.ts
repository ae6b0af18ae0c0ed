import I18NextVue from 'i18next-vue';
import { createApp } from 'vue';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { whenSignedOut } from './api';
import { i18n, initialLanguage, loadLanguage } from './i18n';
import { stopLiveUpdates } from './live';
import { router } from './router';
import { session } from './session';
import './style.css';

await loadLanguage(initialLanguage());
whenSignedOut(() => {
  session.me = null;
  stopLiveUpdates();
  void router.push('/login');
});
createApp(App).use(I18NextVue, { i18next: i18n }).use(router).mount('#app');
