/** 凭证核验. A thin page over its controller; in the main package so a scanned QR code opens it directly. */
import { detailValue, queryParam, str } from '../../utils/events';
import { controllerPage } from '../../utils/controller-page';
import { VerifyController } from './controller';

controllerPage(
  (render) => new VerifyController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start({
        no: queryParam(query, 'no'),
        code: queryParam(query, 'code'),
        scene: queryParam(query, 'scene'),
      });
    },
    onNo(e: { detail?: unknown }) {
      ctl(this)?.setNo(str(detailValue(e)));
    },
    onCode(e: { detail?: unknown }) {
      ctl(this)?.setCode(str(detailValue(e)));
    },
    onCheck() {
      void ctl(this)?.check();
    },
    onScan() {
      void ctl(this)?.scan();
    },
  }),
);
