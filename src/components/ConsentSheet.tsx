import { Text, View } from '@tarojs/components'
import { Btn, Tap } from './A11y'
import { PRIVACY_SUMMARY } from '../domain/privacy'
import './ConsentSheet.scss'

/** The separate consent to sensitive personal information, asked before the first upload. */
export default function ConsentSheet({ onAgree, onDecline, onReadMore }: { onAgree: () => void; onDecline: () => void; onReadMore: () => void }) {
  return (
    <View className='consent' id='consent-sheet' role='dialog' aria-modal='true' aria-label='敏感个人信息处理同意'>
      <View className='consent__box'>
        <Text className='consent__title'>上传前请先阅读并同意</Text>
        <Text className='consent__lead'>申诉需要处理您的敏感个人信息（身份证号、健康宝弹窗截图、核酸结果截图），我们会单独征得您的同意：</Text>
        {PRIVACY_SUMMARY.map((line) => (
          <Text className='consent__line' key={line.title}>
            <Text className='consent__em'>{line.title}：</Text>
            {line.text}
          </Text>
        ))}
        <Tap role='link' className='link' id='consent-read-more' onClick={onReadMore}>
          <Text>阅读完整的《个人信息处理说明》</Text>
        </Tap>
        <Btn className='btn btn--primary' id='consent-agree' onClick={onAgree}>
          同意并继续上传
        </Btn>
        <Btn className='btn' id='consent-decline' onClick={onDecline}>
          暂不同意
        </Btn>
        <Text className='muted'>不同意将无法在线申诉，可拨打 12345 办理。</Text>
      </View>
    </View>
  )
}
