import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { t } from './i18n';

/**
 * A dialog's submit: busy while the request runs, the server's message shown on failure, a
 * "done" toast and the caller's follow-up on success.
 */
export function useSubmit() {
  const busy = ref(false);
  const error = ref('');
  async function run(request: () => Promise<unknown>, after: () => void): Promise<void> {
    busy.value = true;
    error.value = '';
    try {
      await request();
      ElMessage.success(t('console.done'));
      after();
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
