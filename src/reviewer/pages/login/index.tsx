import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { useReviewerSession } from '../../stores/session'
import { useReview } from '../../stores/review'
import Btn from '../../components/Btn'
import '../reviewer.scss'

export default function ReviewerLogin() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const pending = useReviewerSession((s) => s.pending)
  const error = useReviewerSession((s) => s.error)
  const login = useReviewerSession((s) => s.login)
  const resetAuthLost = useReview((s) => s.resetAuthLost)
  const expired = useRouter().params.expired === '1'

  const onLogin = async () => {
    if (await login(username, password)) {
      resetAuthLost()
      Taro.redirectTo({ url: '/reviewer/pages/queue/index' })
    }
  }

  return (
    <View className='page reviewer'>
      <View className='card'>
        <View className='card__title' role='heading' aria-level={1}>
          <Text>审核员登录</Text>
        </View>
        <Text className='muted'>仅供社区、街道、区及 12345 工作人员使用。</Text>
        <View className='field' style={{ marginTop: '16px' }}>
          <Text className='field__label' id='label-username'>
            用户名
          </Text>
          <Input
            id='input-username'
            nativeProps={{ 'aria-labelledby': 'label-username', autocomplete: 'username' }}
            className='field__input'
            value={username}
            placeholder='请输入用户名'
            onInput={(e) => setUsername(e.detail.value)}
          />
        </View>
        <View className='field'>
          <Text className='field__label' id='label-password'>
            密码
          </Text>
          <Input
            id='input-password'
            nativeProps={{ 'aria-labelledby': 'label-password', autocomplete: 'current-password' }}
            className='field__input'
            password
            value={password}
            placeholder='请输入密码'
            onInput={(e) => setPassword(e.detail.value)}
            onConfirm={onLogin}
          />
        </View>
        <View role='status'>
          {expired && !error ? (
            <Text className='reviewer__notice' id='login-expired'>
              登录已失效，请重新登录。
            </Text>
          ) : null}
        </View>
        <View role='alert'>
          {error ? (
            <Text className='error-text' id='login-error'>
              {error}
            </Text>
          ) : null}
        </View>
        <Btn className='btn btn--primary' id='btn-login' disabled={pending} onClick={onLogin}>
          {pending ? '正在登录…' : '登录'}
        </Btn>
      </View>
    </View>
  )
}
