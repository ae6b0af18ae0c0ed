import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { t } from './i18n';

/**
 * A dialog's submit: busy while the request runs, the server's message shown on failure, a
 * toast (`done`, "done" unless given) and the caller's follow-up with the answer on success.
 */
export function useSubmit(done: () => string = () => t('console.done')) {
  const busy = ref(false);
  const error = ref('');
  async function run<T>(request: () => Promise<T>, after: (result: T) => void): Promise<void> {
    busy.value = true;
    error.value = '';
    try {
      const result = await request();
      ElMessage.success(done());
      after(result);
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
